import Foundation
import Models
import Testing
import Tensors
@testable import Evaluation
import TestSupport

/// `ClusteringEvaluator` pinned against scikit-learn 1.9.1 (`Fixtures/make_classification_fixtures.py`):
/// V-measure to 1e-12, Lloyd's k-means from the same initial centroids (same labels, centres within 1e-6,
/// same iteration count), and k-means++ seeding and the bootstrap checked for determinism and sanity.
@Suite struct ClusteringEvaluatorTests {
    struct VCase: Decodable { var name: String; var gold: [String]; var predicted: [String]; var vMeasure: Double
        enum CodingKeys: String, CodingKey { case name, gold, predicted, vMeasure = "v_measure" }
    }
    struct KMeansCase: Decodable, CustomStringConvertible {
        var name: String; var x: [[Double]]; var initial: [[Double]]; var maxIter: Int
        var labels: [Int]; var centres: [[Double]]; var nIter: Int
        var description: String { name }
        enum CodingKeys: String, CodingKey {
            case name, x, labels, centres
            case initial = "init", maxIter = "max_iter", nIter = "n_iter"
        }
    }
    struct EvaluatorData: Decodable { var texts: [String]; var labels: [String]; var embeddings: [[Float]] }
    struct Fixtures: Decodable {
        var scikitLearn: String
        var vMeasure: [VCase]
        var kmeans: [KMeansCase]
        var evaluator: EvaluatorData
        enum CodingKeys: String, CodingKey { case kmeans, evaluator, scikitLearn = "scikit_learn", vMeasure = "v_measure" }
    }

    static let fixtures = try! Bundle.module.decodeFixture(Fixtures.self, "clustering.json")

    static func encoder(_ data: EvaluatorData) -> (_ texts: [String], _ prompt: String?) throws -> Tensor {
        let table = Dictionary(uniqueKeysWithValues: zip(data.texts, data.embeddings))
        return { texts, _ in Tensor(shape: [texts.count, data.embeddings[0].count], scalars: texts.flatMap { table[$0]! }) }
    }

    // MARK: - Against scikit-learn

    @Test func vMeasureMatchesScikitLearn() {
        #expect(Self.fixtures.scikitLearn == "1.9.1")
        var worst = 0.0
        for c in Self.fixtures.vMeasure {
            let mine = ClusteringEvaluator.vMeasure(gold: c.gold, predicted: c.predicted)
            worst = max(worst, abs(mine - c.vMeasure))
            #expect(abs(mine - c.vMeasure) <= 1e-12, "\(c.name): \(mine) vs scikit-learn \(c.vMeasure)")
        }
        print("v_measure: largest difference from scikit-learn \(worst)")
        #expect(Set(Self.fixtures.vMeasure.map(\.name)).isSuperset(of: ["all singletons", "some singletons", "one cluster", "one class"]))
    }

    @Test(arguments: fixtures.kmeans)
    func lloydMatchesScikitLearn(_ c: KMeansCase) {
        let d = c.x[0].count
        let fit = ClusteringEvaluator.KMeans.lloyd(
            c.x.flatMap { $0 }, count: c.x.count, dimension: d, centres: c.initial.flatMap { $0 }, maxIterations: c.maxIter)
        #expect(fit.labels == c.labels, "\(c)")
        #expect(fit.iterations == c.nIter, "\(c)")
        let theirs = c.centres.flatMap { $0 }
        let worst = zip(fit.centres, theirs).map { abs($0 - $1) }.max()!
        print("k-means \(c): largest centre difference from scikit-learn \(worst)")
        #expect(worst <= 1e-6)
    }

    // MARK: - k-means++ and the evaluator

    @Test func plusPlusSeedingIsDeterministicAndSpread() {
        let data = Self.fixtures.evaluator
        let x = data.embeddings.flatMap { $0.map(Double.init) }
        let n = data.embeddings.count, d = data.embeddings[0].count
        var a = Xoshiro256StarStar(seed: 3), b = Xoshiro256StarStar(seed: 3), other = Xoshiro256StarStar(seed: 4)
        let first = ClusteringEvaluator.KMeans.plusPlusCentres(x, count: n, dimension: d, k: 4, using: &a)
        #expect(first == ClusteringEvaluator.KMeans.plusPlusCentres(x, count: n, dimension: d, k: 4, using: &b))
        #expect(first != ClusteringEvaluator.KMeans.plusPlusCentres(x, count: n, dimension: d, k: 4, using: &other))
        // every centre is a data row, and the four lie in four different well-separated gold labels
        let rows = (0..<4).map { c in (0..<n).first { i in (0..<d).allSatisfy { x[i * d + $0] == first[c * d + $0] } } }
        #expect(rows.allSatisfy { $0 != nil })
        #expect(Set(rows.map { data.labels[$0!] }).count == 4)
    }

    @Test func evaluatorIsDeterministicAndSane() throws {
        let data = Self.fixtures.evaluator
        let ev = try ClusteringEvaluator(texts: data.texts, labels: data.labels, name: "blobs", prompt: "Cluster: ")
        var prompts = [String?]()
        let encode = Self.encoder(data)
        let r = try ev.evaluate { t, p in prompts.append(p); return try encode(t, p) }
        #expect(prompts == ["Cluster: "])
        #expect(r.primaryMetric == "v_measure" && r.metricNames == ["v_measure", "v_measure_std"])
        #expect(r.rows.map(\.id) == (0..<10).map { "run\($0)" })
        let runs = r.column("v_measure").map { $0! }
        #expect(abs(runs.reduce(0, +) / 10 - r.metrics["v_measure"]!) <= 1e-12)
        // Four blobs are separate, two labels share one: V-measure is high but below 1.
        #expect(r.primaryScore > 0.75 && r.primaryScore < 0.999, "v_measure \(r.primaryScore)")
        #expect(try ev.evaluate(encode: encode) == r, "same seed, same result")
        let other = try ClusteringEvaluator(texts: data.texts, labels: data.labels, name: "blobs", seed: 7).evaluate(encode: encode)
        #expect(other.rows != r.rows, "another seed draws other samples")
        // Random embeddings score far lower.
        var random = Xoshiro256StarStar(seed: 1)
        let noise = try ev.evaluate { t, _ in
            Tensor(shape: [t.count, 12], scalars: (0..<(t.count * 12)).map { _ in Float(Double(random.next() >> 11) * 0x1p-53) })
        }
        #expect(noise.primaryScore < 0.3, "v_measure of noise \(noise.primaryScore)")
    }

    @Test func promptDefaultsToTheSymmetricOne() throws {
        let data = Self.fixtures.evaluator
        let prompts = RolePrompts(query: "query: ", document: "passage: ", symmetric: "sym: ")
        let ev = try ClusteringEvaluator(texts: data.texts, labels: data.labels).applyingDefaultPrompts(prompts) as! ClusteringEvaluator
        #expect(ev.prompt == "sym: ")
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluatorError.tooFewLabels(name: "labels", labels: ["x"])) {
            try ClusteringEvaluator(texts: ["a", "b"], labels: ["x", "x"])
        }
        #expect(throws: EvaluatorError.lengthMismatch(name: "labels", count: 1, expected: "texts", expectedCount: 2)) {
            try ClusteringEvaluator(texts: ["a", "b"], labels: ["x"])
        }
        #expect(throws: EvaluatorError.tooFewItems(name: "texts", count: 0, minimum: 2)) {
            try ClusteringEvaluator(texts: [], labels: [])
        }
        #expect(throws: EvaluatorError.self) { try ClusteringEvaluator(texts: ["a", "b"], labels: ["x", "y"], nRuns: 0) }
    }

    /// A task of MTEB's width: 1 000 texts, 384 dimensions, 20 labels, 10 runs (prints the time taken).
    @Test func taskOfMTEBWidthRuns() throws {
        var random = Xoshiro256StarStar(seed: 11)
        let k = 20, d = 384, n = 1_000
        let means = (0..<k).map { _ in (0..<d).map { _ in Float(Double(random.next() >> 11) * 0x1p-53 - 0.5) } }
        let labels = (0..<n).map { _ in Int(random.next(below: UInt64(k))) }
        let rows = labels.flatMap { l in means[l].map { $0 + Float(Double(random.next() >> 11) * 0x1p-53 - 0.5) } }
        let ev = try ClusteringEvaluator(texts: (0..<n).map { "t\($0)" }, labels: labels.map { "c\($0)" })
        let start = Date()
        let r = try ev.evaluate { t, _ in Tensor(shape: [t.count, d], scalars: rows) }
        print("1000 × 384, 20 labels, 10 runs: \(Date().timeIntervalSince(start)) s, v_measure \(r.primaryScore)")
        #expect(r.primaryScore > 0.5)
    }
}
