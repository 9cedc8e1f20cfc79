import Foundation
import Testing
@testable import Evaluation
import TestSupport

/// Paired significance tests pinned against scipy (`Fixtures/make_significance_fixtures.py`).
@Suite struct SignificanceTests {
    /// One case of `significance.json`.
    struct Case: Decodable, CustomStringConvertible {
        var name: String
        var n: Int
        var a: [Double]
        var b: [Double]
        var meanA: Double
        var meanB: Double
        var delta: Double
        var pExact: Double?
        var pMonteCarlo: Double
        var pMonteCarloResamples: Int
        var ciLow: Double
        var ciHigh: Double
        var bootstrapResamples: Int
        var description: String { name }
    }

    /// The fixture file's top level.
    struct Fixtures: Decodable {
        var scipy: String
        var cases: [Case]
    }

    static let fixtures = try! Bundle.module.decodeFixture(Fixtures.self, "significance.json", keys: .convertFromSnakeCase)

    static let exactCases = fixtures.cases.filter { $0.pExact != nil }
    static let monteCarloCases = fixtures.cases.filter { $0.pExact == nil }

    // MARK: - Against scipy

    @Test func fixturesCoverTheBrief() {
        let sizes = Set(Self.fixtures.cases.map(\.n))
        #expect(sizes.isSuperset(of: [5, 8, 12, 20, 50, 200, 1379]))
        #expect(Self.fixtures.cases.count >= 8)
    }

    @Test(arguments: exactCases)
    func exactPValueMatchesScipy(_ c: Case) throws {
        let r = try PairedComparison(a: c.a, b: c.b)
        #expect(r.permutationMethod == .exact)
        #expect(r.permutations == 1 << c.n)
        #expect(abs(r.pValue - c.pExact!) <= 1e-12, "\(c.name): \(r.pValue) vs scipy \(c.pExact!)")
    }

    @Test(arguments: monteCarloCases)
    func monteCarloPValueMatchesScipy(_ c: Case) throws {
        let r = try PairedComparison(a: c.a, b: c.b)
        #expect(r.permutationMethod == .monteCarlo)
        #expect(r.permutations == 10_000)
        #expect(abs(r.pValue - c.pMonteCarlo) <= 0.015, "\(c.name): \(r.pValue) vs scipy \(c.pMonteCarlo)")
        if abs(c.pMonteCarlo - 0.05) >= 0.02 {
            #expect(r.isSignificant(alpha: 0.05) == (c.pMonteCarlo < 0.05), "\(c.name)")
        }
    }

    /// Monte Carlo forced on the small cases must land near scipy's exact p.
    @Test(arguments: exactCases)
    func monteCarloPValueMatchesExact(_ c: Case) throws {
        let r = try PairedComparison(a: c.a, b: c.b, options: .init(exactLimit: 0))
        #expect(r.permutationMethod == .monteCarlo)
        #expect(abs(r.pValue - c.pExact!) <= 0.015, "\(c.name): \(r.pValue) vs exact \(c.pExact!)")
    }

    @Test(arguments: fixtures.cases)
    func bootstrapIntervalMatchesScipy(_ c: Case) throws {
        let r = try PairedComparison(a: c.a, b: c.b)
        let tolerance = 0.1 * (c.ciHigh - c.ciLow)
        #expect(abs(r.interval.lower - c.ciLow) <= tolerance, "\(c.name): lower \(r.interval.lower) vs scipy \(c.ciLow)")
        #expect(abs(r.interval.upper - c.ciHigh) <= tolerance, "\(c.name): upper \(r.interval.upper) vs scipy \(c.ciHigh)")
        #expect(r.interval.level == 0.95)
        #expect(r.bootstrapResamples == c.bootstrapResamples)
    }

    @Test(arguments: fixtures.cases)
    func meansMatchNumpy(_ c: Case) throws {
        let r = try PairedComparison(a: c.a, b: c.b)
        #expect(r.n == c.n)
        #expect(abs(r.meanA - c.meanA) <= 1e-15 * max(1, abs(c.meanA)))
        #expect(abs(r.meanB - c.meanB) <= 1e-15 * max(1, abs(c.meanB)))
        #expect(abs(r.delta - c.delta) <= 1e-15 * max(1, abs(c.delta)))
    }

    // MARK: - Reproducibility and speed

    @Test func sameSeedGivesIdenticalResults() throws {
        let c = try #require(Self.fixtures.cases.first { $0.n == 1379 })
        let options = PairedComparison.Options(seed: 7)
        let first = try PairedComparison(a: c.a, b: c.b, options: options)
        let second = try PairedComparison(a: c.a, b: c.b, options: options)
        #expect(first == second)
        #expect(first.pValue.bitPattern == second.pValue.bitPattern)
        #expect(first.interval.lower.bitPattern == second.interval.lower.bitPattern)
        let other = try PairedComparison(a: c.a, b: c.b, options: .init(seed: 8))
        #expect(other.interval != first.interval)
    }

    /// Pins the resampling streams so that a change to the generator or the resampling loops shows up.
    @Test func pinnedDefaultSeedResults() throws {
        let c = try #require(Self.fixtures.cases.first { $0.name == "n200_ndcg_no_effect" })
        let r = try PairedComparison(a: c.a, b: c.b)
        #expect(r.pValue == Self.pinnedP)
        #expect(r.interval.lower == Self.pinnedLower)
        #expect(r.interval.upper == Self.pinnedUpper)
    }

    static let pinnedP = 3278.0 / 10001  // (count + 1) / (draws + 1)
    static let pinnedLower = -0.036562510288435913
    static let pinnedUpper = 0.011612296438691038

    // Speed is measured by benchmarks, not by timed unit tests: these check which method runs at each size.
    @Test func exactEnumerationAtTwenty() throws {
        let c = try #require(Self.exactCases.first { $0.n == 20 })
        let result = try PairedComparison(a: c.a, b: c.b, options: .init(bootstrapResamples: 1))
        #expect(result.permutationMethod == .exact)
    }

    @Test func monteCarloAtSTSBSize() throws {
        let c = try #require(Self.monteCarloCases.first { $0.n == 1379 })
        let result = try PairedComparison(a: c.a, b: c.b)
        #expect(result.permutationMethod == .monteCarlo)
        #expect(result.pValue > 0 && result.pValue <= 1)
    }

    // MARK: - Degenerate input

    @Test func singleQueryHasPOneAndPointInterval() throws {
        let r = try PairedComparison(a: [0.25], b: [0.75])
        #expect(r.pValue == 1)
        #expect(r.delta == 0.5)
        #expect(r.interval.lower == 0.5 && r.interval.upper == 0.5)
        #expect(!r.isSignificant())
    }

    @Test func allZeroDifferencesHavePOne() throws {
        let scores = (0..<60).map { Double($0 % 7) / 7 }
        for limit in [20, 0] {
            let r = try PairedComparison(a: scores, b: scores, options: .init(exactLimit: limit))
            #expect(r.pValue == 1)
            #expect(r.delta == 0)
            #expect(r.interval.lower == 0 && r.interval.upper == 0)
        }
    }

    @Test func constantShiftGivesPointIntervalAndExactP() throws {
        let a = [0.1, 0.4, 0.35, 0.8, 0.6, 0.2]
        let b = a.map { $0 + 0.125 }
        let r = try PairedComparison(a: a, b: b)
        #expect(r.interval.lower == r.delta && r.interval.upper == r.delta)
        // Only the all-plus vector is ≥ observed: p = 2 · 1/64.
        #expect(r.pValue == 2.0 / 64)
    }

    @Test func swappingRunsNegatesDeltaAndKeepsP() throws {
        let c = try #require(Self.exactCases.first { $0.n == 20 })
        let ab = try PairedComparison(a: c.a, b: c.b)
        let ba = try PairedComparison(a: c.b, b: c.a)
        #expect(ba.delta == -ab.delta)
        #expect(ba.pValue == ab.pValue)
    }

    // MARK: - Errors

    @Test func rejectsBadInput() {
        #expect(throws: SignificanceError.lengthMismatch(a: 2, b: 3)) { try PairedComparison(a: [1, 2], b: [1, 2, 3]) }
        #expect(throws: SignificanceError.empty) { try PairedComparison(a: [], b: []) }
        #expect(throws: SignificanceError.nonFinite(sample: "b", index: 1, value: .infinity)) {
            try PairedComparison(a: [1, 2], b: [1, .infinity])
        }
        #expect {
            try PairedComparison(a: [0.5, .nan], b: [1, 2])
        } throws: { error in
            guard case let .nonFinite(sample, index, value) = error as? SignificanceError else { return false }
            return sample == "a" && index == 1 && value.isNaN
        }
        #expect(throws: SignificanceError.invalidOption(name: "bootstrapResamples", value: "0")) {
            try PairedComparison(a: [1], b: [2], options: .init(bootstrapResamples: 0))
        }
        #expect(throws: SignificanceError.invalidOption(name: "exactLimit", value: "31")) {
            try PairedComparison(a: [1], b: [2], options: .init(exactLimit: 31))
        }
        #expect(throws: SignificanceError.invalidOption(name: "confidenceLevel", value: "1.0")) {
            try PairedComparison(a: [1], b: [2], options: .init(confidenceLevel: 1))
        }
    }

    @Test func errorsSayWhereTheProblemIs() {
        #expect(SignificanceError.lengthMismatch(a: 2, b: 3).description.contains("A has 2 and B has 3"))
        #expect(SignificanceError.nonFinite(sample: "a", index: 4, value: .nan).description.contains("a[4] is nan"))
    }

    // MARK: - Output

    @Test func summaryLine() throws {
        let c = try #require(Self.fixtures.cases.first { $0.name == "n20_ndcg_effect" })
        let r = try PairedComparison(a: c.a, b: c.b)
        #expect(r.summary().hasPrefix("Δ +0.0866 [95% CI +0.0"))
        #expect(r.summary().hasSuffix("], p = 0.016 (significant)"))
        #expect(r.description == r.summary())
        let none = try #require(Self.fixtures.cases.first { $0.name == "n12_no_effect" })
        #expect(try PairedComparison(a: none.a, b: none.b).summary().hasSuffix("p = 0.34 (not significant)"))
        let tiny = try #require(Self.fixtures.cases.first { $0.name == "n1379_squared_errors" })
        #expect(try PairedComparison(a: tiny.a, b: tiny.b).summary().hasPrefix("Δ -0.00137 [95% CI -0.00"))
    }

    @Test func pValueFormatting() {
        #expect(PairedComparison.formatP(0.41, alpha: 0.05) == "p = 0.41")
        #expect(PairedComparison.formatP(0.004, alpha: 0.05) == "p = 0.004")
        #expect(PairedComparison.formatP(0.0002, alpha: 0.05) == "p < 0.001")
        #expect(PairedComparison.formatP(1, alpha: 0.05) == "p = 1.00")
        #expect(PairedComparison.formatP(0.0496, alpha: 0.05) == "p = 0.0496")  // 0.050 would read as not significant
        #expect(PairedComparison.formatP(0.0504, alpha: 0.05) == "p = 0.050")  // rounds to α, and p ≥ α
    }

    @Test func codableRoundTrip() throws {
        let c = try #require(Self.monteCarloCases.first)
        let r = try PairedComparison(a: c.a, b: c.b)
        let data = try JSONEncoder().encode(r)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains("\"pValue\""))
        #expect(json.contains("\"monte-carlo\""))
        #expect(try JSONDecoder().decode(PairedComparison.self, from: data) == r)
    }
}
