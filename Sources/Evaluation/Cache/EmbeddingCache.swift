import Tensors

/// Embeddings of lists of texts by (prompt, texts), so that evaluators sharing texts encode them once.
///
/// The trainer keeps one per weight state (the dev and test retrieval splits share a corpus) and empties it
/// after every optimizer step; `MatryoshkaEvaluator` keeps one per evaluation to slice every width from a
/// single full-width encoding. Keys are the exact texts and prompt (no joined strings, so no collisions).
///
/// ```swift
/// let cache = EmbeddingCache()
/// let e = try cache.embeddings(corpus, prompt: "passage: ") { texts, prompt in try model.encode(texts, prompt: prompt) }
/// ```
public final class EmbeddingCache {
    private struct Key: Hashable {
        let prompt: String?
        let texts: [String]
    }

    private var entries: [Key: Tensor] = [:]

    public init() {}

    /// The cached embeddings of `texts` with `prompt`, or `encode(texts, prompt)` stored and returned.  // [N, D]
    public func embeddings(_ texts: [String], prompt: String?,
                           encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) rethrows -> Tensor {
        let key = Key(prompt: prompt, texts: texts)
        if let hit = entries[key] { return hit }
        let embeddings = try encode(texts, prompt)                                  // [N, D]
        entries[key] = embeddings
        return embeddings
    }

    /// Forgets every entry (the weights changed).
    public func removeAll() { entries.removeAll() }
}
