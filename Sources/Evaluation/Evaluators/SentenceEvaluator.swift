import Foundation
import Models
import Tensors

/// An evaluation of sentence embeddings on a fixed data set, named after sentence-transformers' evaluators.
///
/// An evaluator holds its texts and gold labels; `evaluate(encode:)` asks for the embeddings it needs
/// (`encode(texts, prompt)` → [N, D], one row per text, in order) and returns bare metric names such as
/// `spearman_cosine` or `cosine_ndcg@10`. sentence-transformers returns the same metrics as
/// `"\(name)_\(metric)"` (see `EvaluationResult.prefixedMetrics`); a run log writes them as
/// `eval/<name>/<metric>`.
///
/// ```swift
/// let sts = try EmbeddingSimilarityEvaluator(sentences1: s1, sentences2: s2, scores: gold, name: "stsb-dev")
/// let result = try sts.evaluate(model)                       // or sts.evaluate { texts, prompt in ... }
/// print(result.metrics[sts.primaryMetric]!)                  // spearman_cosine
/// ```
public protocol SentenceEvaluator {
    /// The data set's name (`stsb-dev`); it prefixes the metrics when they are logged.
    var name: String { get }
    /// The metric that ranks models (a key of `EvaluationResult.metrics`).
    var primaryMetric: String { get }
    /// The data files the evaluator's texts and labels came from (hashed into a run's manifest).
    var files: [URL] { get }
    /// Encodes the evaluator's texts with `encode` and scores the embeddings.
    ///
    /// - Parameter encode: returns one embedding per text, [texts.count, D], for texts that are to be
    ///   encoded with `prompt` in front (nil: no prompt).
    /// - Throws: `EvaluatorError` when the embeddings do not fit the texts, or what `encode` throws.
    func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult
    /// The same evaluator with each prompt it leaves unset (nil) taken from `prompts` by the role its texts
    /// play; a prompt set explicitly (the empty string included, which means none) is kept.
    func applyingDefaultPrompts(_ prompts: RolePrompts) -> any SentenceEvaluator
}

extension SentenceEvaluator {
    /// Evaluators made from texts in memory name no files.
    public var files: [URL] { [] }

    /// Evaluators without prompts are returned as they are.
    public func applyingDefaultPrompts(_ prompts: RolePrompts) -> any SentenceEvaluator { self }
}
