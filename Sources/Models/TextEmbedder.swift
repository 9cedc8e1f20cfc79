import Tensors

/// Something that turns texts into sentence vectors: a local sentence-transformers model or an embeddings API.
///
/// Evaluators, the embedding cache and `workbench eval` see candidates through this protocol only, so an
/// API model is compared with a local one on the same footing.
///
/// ```swift
/// let model: any TextEmbedder = try SentenceTransformer(folder: url)
/// let e = try model.embed(["query text"], prompt: model.rolePrompts.query)   // [1, D]
/// ```
public protocol TextEmbedder: AnyObject {
    /// What the candidate is, for tables and manifests: a folder path, or `openai:<endpoint>#<model>`.
    var displayName: String { get }
    /// Everything but the texts and the prompt that decides the vectors (weights hash, tokenizer, max length,
    /// pooling, normalisation; or endpoint and model name), as one hex string: the embedding cache's key.
    func fingerprint() throws -> String
    /// The width of the vectors, when known before encoding anything (an API tells it on the first call).
    var knownDimension: Int? { get }
    /// The prompts the model asks for, by the role a text plays.
    var rolePrompts: RolePrompts { get }
    /// Sentence vectors of `texts` with `prompt` in front of each (nil: none), in the order given.  → [N, D]
    func embed(_ texts: [String], prompt: String?) throws -> Tensor
}
