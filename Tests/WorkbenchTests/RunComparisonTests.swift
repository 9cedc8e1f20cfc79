import Foundation
import Testing
import Workbench

/// `RunComparison` as experiments use it: config differences, metric deltas and paired significance of two runs.
@Suite struct RunComparisonTests {
    let store: RunStore

    init() throws {
        store = RunStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("wb-comparison-\(UUID().uuidString)"))
    }

    /// A finished run with two logged steps and, per evaluator, per-query rows at its last step.
    func run(_ experiment: String = "exp", config: [String: JSONValue], losses: [Double], ndcg: Double,
             evals: [String: [[String: JSONValue]]]) throws -> RunData {
        let run = try Run.start(root: store.root, experiment: experiment, config: config, seed: 1, primaryMetric: "eval/dev/ndcg@10")
        for (i, loss) in losses.enumerated() { try run.log(step: i + 1, ["loss": loss, "lr": 1e-5]) }
        for (name, rows) in evals.sorted(by: { $0.key < $1.key }) { try run.logEval(name, step: losses.count, rows: rows) }
        try run.log(step: losses.count, ["eval/dev/ndcg@10": ndcg])
        try run.finish()
        return try store.load(store.resolve(run.manifest.id))
    }

    /// Rows `q0…q(n-1)` with `score(i)` as ndcg@10 and a constant recall.
    static func rows(_ n: Int, _ score: (Int) -> Double) -> [[String: JSONValue]] {
        (0..<n).map { ["query_id": .string("q\($0)"), "ndcg@10": .number(score($0)), "recall@10": 1, "label": "x"] }
    }

    @Test func configMetricsAndSignificance() throws {
        let a = try run(config: ["lr": 2e-5, "alpha": 0.5, "seed": 1], losses: [1.0, 0.6, 0.8], ndcg: 0.40,
                        evals: ["dev": Self.rows(30) { Double($0 % 5) / 10 }])
        // B: every query 0.1 better, rows in another order and one extra query that A lacks
        let better = Self.rows(31) { Double($0 % 5) / 10 + 0.1 }
        let b = try run(config: ["lr": 2e-5, "alpha": 0.3, "warmup": 0.1], losses: [0.9, 0.5, 0.4], ndcg: 0.50,
                        evals: ["dev": better.reversed()])
        let c = try RunComparison(a, b)

        #expect(c.configDifferences.keys.sorted() == ["alpha", "seed", "warmup"])
        #expect(c.configDifferences["alpha"] == .init(a: 0.5, b: 0.3))
        #expect(c.configDifferences["warmup"] == .init(a: .null, b: 0.1))

        let loss = try #require(c.metricDeltas["loss"])
        #expect(loss == .init(lastA: 0.8, lastB: 0.4, bestA: 0.6, bestB: 0.4))
        #expect(abs(loss.deltaLast! + 0.4) < 1e-12 && abs(loss.deltaBest! + 0.2) < 1e-12)
        #expect(abs(c.metricDeltas["eval/dev/ndcg@10"]!.deltaBest! - 0.1) < 1e-12)
        #expect(c.metricDeltas.keys.sorted() == ["eval/dev/ndcg@10", "loss", "lr"])

        // numeric per-query fields are tested, text fields and the step are not
        #expect(c.significance.map(\.metric) == ["ndcg@10", "recall@10"])
        let ndcg = c.significance[0]
        #expect(ndcg.evaluator == "dev" && ndcg.stepA == 3 && ndcg.stepB == 3)
        #expect(ndcg.comparison.n == 30 && abs(ndcg.comparison.delta - 0.1) < 1e-9)
        #expect(ndcg.significant && ndcg.comparison.pValue < 0.001)
        #expect(!c.significance[1].significant && c.significance[1].comparison.delta == 0)
        #expect(c.warnings.isEmpty && c.readWarnings.isEmpty)
        // a stricter level than any p-value the permutation test can give makes nothing significant
        #expect(try RunComparison(a, b, alpha: 1e-9).significance.allSatisfy { !$0.significant })
    }

    @Test func unpairableScoresAndOtherExperimentsAreWarnings() throws {
        let noIDs = { (n: Int) in (0..<n).map { ["ndcg@10": JSONValue.number(Double($0) / Double(n))] } }
        let a = try run("one", config: [:], losses: [1], ndcg: 0.3, evals: ["dev": noIDs(10), "stsb": noIDs(4)])
        let b = try run("two", config: [:], losses: [1], ndcg: 0.3, evals: ["dev": noIDs(12), "stsb": noIDs(4)])
        let c = try RunComparison(a, b)
        #expect(c.warnings.first == "comparing runs of different experiments (one vs two)")
        #expect(c.warnings.contains { $0.hasPrefix("eval/dev: paired comparison needs at least one score") })
        #expect(c.significance.map(\.evaluator) == ["stsb"])  // same count without ids: paired by position
        #expect(c.configDifferences.isEmpty)
    }

    @Test func pairingByIDSkipsRowsWithoutAPartner() {
        let a: [[String: JSONValue]] = [["pair_id": 1, "s": 0.1], ["pair_id": 2, "s": 0.2], ["pair_id": 3, "s": 0.3]]
        let b: [[String: JSONValue]] = [["pair_id": 3, "s": 0.9], ["pair_id": 1, "s": 0.7], ["s": 0.5]]
        let pairs = RunComparison.pairRows(a, b)
        #expect(pairs.map { $0.0["s"]!.double! } == [0.1, 0.3] && pairs.map { $0.1["s"]!.double! } == [0.7, 0.9])
        #expect(RunComparison.pairRows([["s": 1]], [["s": 1], ["s": 2]]).isEmpty)
    }

    @Test func encodingIsTheShapeOfDiffJSON() throws {
        let a = try run(config: ["alpha": 0.5], losses: [1], ndcg: 0.3, evals: ["dev": Self.rows(5) { Double($0) / 10 }])
        let b = try run(config: ["alpha": 0.3], losses: [2], ndcg: 0.3, evals: ["dev": Self.rows(5) { Double($0) / 10 }])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try JSONSerialization.jsonObject(with: encoder.encode(RunComparison(a, b))) as? [String: Any]
        #expect(object?.keys.sorted() == ["a", "b", "config", "metrics", "significance", "warnings"])
        #expect(object?["a"] as? String == a.ref.description)
        #expect((object?["config"] as? [String: [Double]])?["alpha"] == [0.5, 0.3])
        let loss = (object?["metrics"] as? [String: Any])?["loss"] as? [String: Any]
        #expect(loss?["last"] as? [Double] == [1, 2] && loss?["deltaLast"] as? Double == 1)
        let first = (object?["significance"] as? [[String: Any]])?.first
        #expect(first?["steps"] as? [Int] == [1, 1] && first?["significant"] as? Bool == false)
        #expect((first?["comparison"] as? [String: Any])?["n"] as? Int == 5)
    }
}
