import Crypto
import Foundation
import Tensors

extension SentenceTransformer: TextEmbedder {
    public var displayName: String { folder.url.path }

    public var knownDimension: Int? { dimension }

    public var rolePrompts: RolePrompts { RolePrompts(folder) }

    /// sha256 over the weights, config and tokenizer files of the transformer folder and of each `Dense` module,
    /// then the maximum length, pooling mode and normalisation.
    public func fingerprint() throws -> String {
        var hasher = SHA256()
        let files = ["model.safetensors", "config.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json",
                     "special_tokens_map.json", "sentencepiece.bpe.model"]
        let denseFiles = folder.dense.flatMap { d in ["config.json", "model.safetensors"].map { (d.url.lastPathComponent + "/" + $0, d.url.appendingPathComponent($0)) } }
        for (name, url) in files.map({ ($0, folder.transformerURL.appendingPathComponent($0)) }) + denseFiles {
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                hasher.update(data: Data(name.utf8))
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
            } catch {
                throw CheckpointError.ioFailure(path: url.path, operation: "read", reason: "\(error)")
            }
        }
        hasher.update(data: Data("max_seq_length=\(maxSeqLength);pooling=\(folder.pooling.mode);normalize=\(normalize)".utf8))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public func embed(_ texts: [String], prompt: String?) throws -> Tensor {
        try encode(texts, prompt: prompt)                                              // [N, D]
    }
}
