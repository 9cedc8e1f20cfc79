import Evaluation
import Foundation
import Runs

/// Two runs compared: config differences, metric deltas (last and best) and paired significance of per-query scores.
///
/// ```swift
/// let store = RunStore()
/// let a = try store.load(store.resolve("legal-finetune/20261129-1042")), b = try store.load(store.resolve("20261129-1107"))
/// let c = try RunComparison(a, b)
/// c.configDifferences["temperature"]               // ConfigDifference(a: 0.05, b: 0.02)
/// c.metricDeltas["eval/legal-dev/ndcg@10"]?.deltaBest
/// c.significance.filter(\.significant)              // evaluator × per-query metric, B − A
/// ```
/// Per-query rows (`eval/<evaluator>.jsonl.zst`) at each run's last evaluation are paired by `query_id`,
/// `pair_id` or `id` (in order when neither run has one), and every numeric field is tested with
/// `PairedComparison` (a paired sign-flip permutation test, exact up to 20 queries, and a 95% bootstrap
/// interval of the mean difference B − A). `workbench diff` prints this value; `--json` is its encoding.
public struct RunComparison: Sendable, Encodable {
    /// The baseline run.
    public let a: RunData
    /// The run compared with it.
    public let b: RunData
    /// The significance level `significant` is judged at.
    public let alpha: Double
    /// Config keys whose values differ (a key missing from one run counts as null there).
    public let configDifferences: [String: ConfigDifference]
    /// Every metric either run logged, with last and best values and their differences B − A.
    public let metricDeltas: [String: MetricDelta]
    /// One paired test per evaluator both runs have and per numeric per-query field, by evaluator then field.
    public let significance: [Significance]
    /// What makes the comparison weaker: runs of different experiments, evaluators whose scores could not be paired.
    public let warnings: [String]
    /// Problems met reading the per-query score files (a torn tail, a line that is not JSON), each naming the file.
    public let readWarnings: [String]

    /// Compares `b` with the baseline `a`; throws only when a per-query score file cannot be read.
    public init(_ a: RunData, _ b: RunData, alpha: Double = 0.05) throws(RunError) {
        self.a = a
        self.b = b
        self.alpha = alpha
        var warnings: [String] = [], readWarnings: [String] = []
        if a.manifest.experiment != b.manifest.experiment {
            warnings.append("comparing runs of different experiments (\(a.manifest.experiment) vs \(b.manifest.experiment))")
        }
        var config: [String: ConfigDifference] = [:]
        for key in Set(a.manifest.config.keys).union(b.manifest.config.keys) where a.manifest.config[key] != b.manifest.config[key] {
            config[key] = ConfigDifference(a: a.manifest.config[key] ?? .null, b: b.manifest.config[key] ?? .null)
        }
        var metrics: [String: MetricDelta] = [:]
        for key in Set(a.metricKeys).union(b.metricKeys) { metrics[key] = MetricDelta(key, a, b) }
        var significance: [Significance] = []
        for evaluator in Set(a.evaluators).intersection(b.evaluators).sorted() {
            let (rowsA, wa) = try a.evalRows(evaluator), (rowsB, wb) = try b.evalRows(evaluator)
            readWarnings += wa + wb
            do {
                significance += try Self.pairedTests(evaluator, rowsA, rowsB, alpha: alpha)
            } catch {
                warnings.append("eval/\(evaluator): \(error)")
            }
        }
        self.configDifferences = config
        self.metricDeltas = metrics
        self.significance = significance
        self.warnings = warnings
        self.readWarnings = readWarnings
    }

    /// Paired tests of every numeric per-query field of one evaluator (all or none: one field that cannot be tested drops the evaluator).
    static func pairedTests(_ evaluator: String, _ rowsA: [[String: JSONValue]], _ rowsB: [[String: JSONValue]],
                            alpha: Double) throws(SignificanceError) -> [Significance] {
        let stepA = rowsA.first?["step"]?.double.flatMap { Int(exactly: $0.rounded(.towardZero)) } ?? 0,
            stepB = rowsB.first?["step"]?.double.flatMap { Int(exactly: $0.rounded(.towardZero)) } ?? 0
        let pairs = pairRows(rowsA, rowsB)
        let fields = Set(rowsA.flatMap { $0.compactMap { $0.value.double == nil ? nil : $0.key } }).subtracting(["step"]).sorted()
        var tests: [Significance] = []
        for field in fields {
            let scoresA = pairs.compactMap { $0.0[field]?.double }, scoresB = pairs.compactMap { $0.1[field]?.double }
            let comparison = try PairedComparison(a: scoresA, b: scoresB)
            tests.append(Significance(evaluator: evaluator, metric: field, stepA: stepA, stepB: stepB, comparison: comparison,
                                      significant: comparison.isSignificant(alpha: alpha)))
        }
        return tests
    }

    /// Rows of the two runs that score the same query: matched by `query_id`, `pair_id` or `id` when both have
    /// it (rows of A without a partner in B are left out), else by position when the counts agree, else none.
    public static func pairRows(_ rowsA: [[String: JSONValue]], _ rowsB: [[String: JSONValue]]) -> [([String: JSONValue], [String: JSONValue])] {
        if let idKey = ["query_id", "pair_id", "id"].first(where: { k in rowsA.first?[k] != nil && rowsB.first?[k] != nil }) {
            let byID = Dictionary(rowsB.compactMap { row in row[idKey].map { ($0.display, row) } }, uniquingKeysWith: { first, _ in first })
            return rowsA.compactMap { row in byID[row[idKey]?.display ?? ""].map { (row, $0) } }
        }
        return rowsA.count == rowsB.count ? Array(zip(rowsA, rowsB)) : []
    }

    enum CodingKeys: String, CodingKey { case a, b, warnings, config, metrics, significance }

    /// `{a, b, warnings, config: {key: [A, B]}, metrics: {key: {last, best, deltaLast, deltaBest}}, significance: […]}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(a.ref.description, forKey: .a)
        try c.encode(b.ref.description, forKey: .b)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(configDifferences, forKey: .config)
        try c.encode(metricDeltas, forKey: .metrics)
        try c.encode(significance, forKey: .significance)
    }
}
