import Foundation
import Models
import Tensors

/// Several evaluation tasks scored together, with one mean per task type and one overall, as MTEB's
/// leaderboard (and the seed's table 5.1: average, retrieval, STS, classification, clustering).
///
/// The overall `average` is the mean of the tasks' primary scores (MTEB's "Average (n tasks)"); each type's
/// mean is over its tasks. With `dims`, every task is also scored at each narrower Matryoshka width from the
/// same encoding (`MatryoshkaEvaluator`), and the means are given per width.
///
/// ```swift
/// let suite = try EvaluationSuite.builtin("legal-zh")
/// let result = try suite.evaluate(model, store: EmbeddingStore(root: EmbeddingStore.defaultRoot))
/// print(result.average, result.typeMeans[.retrieval]!)
/// ```
public struct EvaluationSuite {
    public var name: String
    public var tasks: [EvaluationTask]
    /// The data files every task read (hashed into a run's manifest).
    public var files: [URL] { tasks.flatMap(\.evaluator.files) }

    /// A suite of `tasks`; their names must differ (they key the metrics).
    public init(name: String, tasks: [EvaluationTask]) throws(EvaluatorError) {
        guard !tasks.isEmpty else { throw .invalidOption(name: "suite \(name)", value: "[]", reason: "list at least one task") }
        var seen = Set<String>()
        for t in tasks where !seen.insert(t.name).inserted {
            throw .invalidOption(name: "suite \(name)", value: t.name, reason: "two tasks have this name; task names key the metrics")
        }
        self.name = name
        self.tasks = tasks
    }

    /// Scores `model` on every task, with the model's prompts where a task sets none; encodings go through
    /// `store` when given. `dims` (widths below the model's, any order) adds the Matryoshka matrix.
    ///
    /// - Throws: `EvaluatorError.invalidOption` when a width is not below the model's, or what a task throws.
    public func evaluate(_ model: any TextEmbedder, store: EmbeddingStore? = nil, dims: [Int] = [],
                         progress: ((EvaluationTask) -> Void)? = nil) throws -> SuiteResult {
        let encode: (_ texts: [String], _ prompt: String?) throws -> Tensor = store?.encoder(for: model)
            ?? { texts, prompt in try model.embed(texts, prompt: prompt) }
        var results: [SuiteResult.TaskResult] = []
        var width: Int?
        for task in tasks {
            progress?(task)
            var evaluator = task.evaluator.applyingDefaultPrompts(model.rolePrompts)
            if !dims.isEmpty {
                let full = try width ?? probeWidth(model, encode: encode)
                width = full
                if let bad = dims.first(where: { $0 < 1 || $0 >= full }) {
                    throw EvaluatorError.invalidOption(name: "dims", value: "\(bad)",
                                                       reason: "a truncation width must be within 1..<\(full), the width of \(model.displayName)")
                }
                evaluator = MatryoshkaEvaluator(evaluator, dims: [full] + dims)
            }
            let result = try evaluator.evaluate(encode: encode)
            results.append(SuiteResult.TaskResult(kind: task.kind, result: result))
        }
        return SuiteResult(suite: name, tasks: results, dims: dims.sorted(by: >), width: width ?? model.knownDimension)
    }

    /// The width of the model's vectors (encoding one short text when the model does not say).
    private func probeWidth(_ model: any TextEmbedder, encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> Int {
        if let d = model.knownDimension { return d }
        return try encode(["width probe"], nil).shape[1]
    }
}
