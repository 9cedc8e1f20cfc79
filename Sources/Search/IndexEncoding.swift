import Evaluation
import Foundation
import Models
import Tensors

/// Embeddings of many texts for an index: through the on-disk embedding cache when one is given, a chunk at a
/// time, so progress can be shown and an interrupted build keeps (in the cache) what it had encoded.
public enum IndexEncoding {
    /// Texts per chunk handed to the model (and appended to the cache as one block).
    public static let chunk = 1024

    /// The embeddings of `texts` with `prompt` by `model`; `progress(done)` after each chunk.  → [N, D]
    public static func embed(_ texts: [String], prompt: String?, model: any TextEmbedder, store: EmbeddingStore?,
                             progress: (Int) -> Void = { _ in }) throws -> Tensor {
        var parts: [Tensor] = []
        var done = 0
        for start in stride(from: 0, to: texts.count, by: chunk) {
            let slice = Array(texts[start..<min(start + chunk, texts.count)])
            let part = try store?.embeddings(slice, prompt: prompt, model: model) ?? model.embed(slice, prompt: prompt)   // [n, D]
            guard part.rank == 2, part.shape[0] == slice.count else {
                throw SearchError.shape("\(model.displayName) returned \(part.shape) for \(slice.count) texts")
            }
            parts.append(part)
            done += slice.count
            progress(done)
        }
        guard let d = parts.first?.shape[1], parts.allSatisfy({ $0.shape[1] == d }) else {
            throw SearchError.shape("\(model.displayName) returned widths \(parts.map { $0.shape[1] }) for \(texts.count) texts")
        }
        return Tensor.concat(parts, axis: 0)                                                    // [N, D]
    }

    /// What the manifest records of `model`: its name, fingerprint, width and role prompts.
    public static func modelInfo(_ model: any TextEmbedder, name: String, dimension: Int) throws -> IndexManifest.Model {
        IndexManifest.Model(name: name, fingerprint: try model.fingerprint(), dimension: dimension,
                            documentPrompt: model.rolePrompts.document, queryPrompt: model.rolePrompts.query)
    }

    /// Refuses to search `index` with `model` unless it is the model that built the index.
    ///
    /// - Throws: `SearchError.modelMismatch` naming both models and both fingerprints.
    public static func checkModel(_ model: any TextEmbedder, name: String, for index: VectorIndex) throws {
        let fingerprint = try model.fingerprint()
        let m = index.manifest.model
        guard fingerprint == m.fingerprint else {
            throw SearchError.modelMismatch(index: index.url.path, indexModel: m.name, indexFingerprint: m.fingerprint,
                                            model: name, modelFingerprint: fingerprint)
        }
    }
}
