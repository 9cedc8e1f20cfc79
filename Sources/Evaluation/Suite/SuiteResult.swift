import Foundation

/// The scores of one model on an evaluation suite: every task's result, the mean per task type and overall.
public struct SuiteResult: Sendable {
    /// One task's result and its type.
    public struct TaskResult: Sendable {
        public var kind: EvaluationTask.Kind
        public var result: EvaluationResult

        public init(kind: EvaluationTask.Kind, result: EvaluationResult) {
            self.kind = kind
            self.result = result
        }
        /// The task's primary score at full width.
        public var primaryScore: Double { result.primaryScore }
        /// The primary score at Matryoshka width `d` (nil: not evaluated at that width).
        public func primaryScore(atDim d: Int) -> Double? { result.metrics["\(result.primaryMetric)@\(d)"] }
    }

    public var suite: String
    public var tasks: [TaskResult]
    /// The narrower Matryoshka widths scored, largest first (empty: full width only).
    public var dims: [Int]
    /// The width of the model's vectors, when the evaluation learnt it (always with `dims`).
    public var width: Int?

    public init(suite: String, tasks: [TaskResult], dims: [Int], width: Int?) {
        self.suite = suite
        self.tasks = tasks
        self.dims = dims
        self.width = width
    }

    /// The task types present, in `EvaluationTask.Kind` order.
    public var kinds: [EvaluationTask.Kind] { EvaluationTask.Kind.allCases.filter { k in tasks.contains { $0.kind == k } } }

    /// Mean of the tasks' primary scores (MTEB's average over tasks); `dim`: at that Matryoshka width.
    public func average(atDim dim: Int? = nil) -> Double { Self.mean(tasks.map { score($0, dim) }) }

    /// Mean primary score of the tasks of `kind` (nil when the suite has none); `dim`: at that width.
    public func mean(of kind: EvaluationTask.Kind, atDim dim: Int? = nil) -> Double? {
        let scores = tasks.filter { $0.kind == kind }.map { score($0, dim) }
        return scores.isEmpty ? nil : Self.mean(scores)
    }

    /// The summary metrics under run-log keys: `suite/average`, `suite/<kind>`, and `…@<d>` for each width.
    public var summaryMetrics: [String: Double] {
        var out: [String: Double] = [:]
        for dim in [nil] + dims.map(Optional.some) {
            let suffix = dim.map { "@\($0)" } ?? ""
            out["suite/average\(suffix)"] = average(atDim: dim)
            for k in kinds { out["suite/\(k.rawValue)\(suffix)"] = mean(of: k, atDim: dim) }
        }
        return out
    }

    private func score(_ t: TaskResult, _ dim: Int?) -> Double { dim.map { t.primaryScore(atDim: $0) ?? .nan } ?? t.primaryScore }

    private static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
}
