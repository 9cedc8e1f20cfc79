import Foundation
import Models
import Tensors

/// An evaluator run at several embedding widths: the inner evaluator on the first `d` features of every
/// embedding, re-normalised, for each `d` in `dims` (as sentence-transformers evaluates Matryoshka models
/// with `truncate_dim`).
///
/// Texts are encoded once per evaluation, at full width; each width slices those embeddings. Metrics are the
/// inner ones at full width plus `<metric>@<d>` for every narrower `d`; the primary metric is the inner one
/// at full width. Per-item rows are those of the full width.
public struct MatryoshkaEvaluator: SentenceEvaluator {
    public let inner: any SentenceEvaluator
    /// The widths, largest first; the first is taken as the full width.
    public let dims: [Int]

    public var name: String { inner.name }
    public var primaryMetric: String { inner.primaryMetric }
    public var files: [URL] { inner.files }

    public init(_ inner: any SentenceEvaluator, dims: [Int]) {
        self.inner = inner
        self.dims = dims.sorted(by: >)
    }

    /// The inner evaluator with the model's prompts for what it leaves unset.
    public func applyingDefaultPrompts(_ prompts: RolePrompts) -> any SentenceEvaluator {
        MatryoshkaEvaluator(inner.applyingDefaultPrompts(prompts), dims: dims)
    }

    public func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult {
        let cache = EmbeddingCache()
        func full(_ texts: [String], _ prompt: String?) throws -> Tensor {
            try cache.embeddings(texts, prompt: prompt, encode: encode)                // [N, D]
        }
        var result = try inner.evaluate(encode: full)
        for d in dims.dropFirst() {
            let narrow = try inner.evaluate { texts, prompt in
                let t = try full(texts, prompt)                                        // [N, D]
                guard d < t.shape[1] else { return t }
                return GradMode.withoutGradients { t.detached().slice(axis: 1, 0..<d).l2Normalized() }  // [N, d]
            }
            for (k, v) in narrow.metrics { result.metrics["\(k)@\(d)"] = v }
            result.metricNames += narrow.metricNames.map { "\($0)@\(d)" }
        }
        return result
    }
}
