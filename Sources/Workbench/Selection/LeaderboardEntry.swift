import Evaluation
import Foundation

/// One candidate of a leaderboard: its scores on each suite, its measured speed and memory, and what the
/// decision tree made of it.
public struct LeaderboardEntry: Sendable {
    /// The `--model` spec as given.
    public var spec: String
    /// The scores, one per suite, in the plan's suite order (empty when the candidate was unavailable).
    public var results: [SuiteResult]
    /// The evaluation run written per suite.
    public var runs: [URL]
    /// Speed, memory, width and size (nil when unavailable).
    public var probe: EncodeProbe?
    /// Why the candidate could not be evaluated (an endpoint that refuses the connection …); nil when it was.
    public var unavailable: String?
    /// The decision tree's verdict on it, in a few words (`recommended: …`, `left out: …`).
    public var verdict = ""

    /// All tasks of every suite.
    public var tasks: [SuiteResult.TaskResult] { results.flatMap(\.tasks) }

    /// The mean of every task's primary score over all suites (MTEB's average); `dim`: at that width.
    public func average(atDim dim: Int? = nil) -> Double? {
        let scores = tasks.map { t in dim.map { t.primaryScore(atDim: $0) ?? .nan } ?? t.primaryScore }
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    /// The mean primary score of the tasks of `kind` over all suites.
    public func mean(of kind: EvaluationTask.Kind) -> Double? {
        let scores = tasks.filter { $0.kind == kind }.map(\.primaryScore)
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    /// The average of suite `name` (nil when it was not evaluated); `dim`: at that width.
    public func suiteAverage(_ name: String, atDim dim: Int? = nil) -> Double? {
        results.first { $0.suite == name }.map { $0.average(atDim: dim) }
    }

    /// fp32 bytes for a million vectors of width `dim` (the model's own width when nil).
    public func storagePerMillion(dim: Int? = nil) -> Double? {
        (dim ?? probe?.dimension).map { Double($0) * 4 * 1_000_000 }
    }
}
