import Crypto
import Foundation
import Models
import Runs
import Tensors

/// Embeddings kept on disk between runs, keyed by (model fingerprint, prompt, text), so that evaluating an
/// unchanged model again encodes nothing.
///
/// A model's fingerprint (`TextEmbedder.fingerprint()`) covers its weights, tokenizer, maximum length,
/// pooling and normalisation (an API model's: endpoint and model name). Each (fingerprint, prompt) has one
/// append-only file, `<root>/<fingerprint>/<sha256(prompt)>.wbe`: a sequence of zstd frames (each with its
/// content checksum), each holding a block of texts' sha256 and their vectors (see `EmbeddingStoreBlock`).
/// Reading stops at the first frame that does not decode or does not hold a valid block: the file is cut back
/// to the blocks before it, a warning names the file, and the lost texts are encoded again.
///
/// ```swift
/// let store = EmbeddingStore(root: EmbeddingStore.defaultRoot)
/// let e = try store.embeddings(texts, prompt: "query: ", model: model)   // [N, D]; a second call reads the disk
/// ```
public final class EmbeddingStore {
    /// The folder holding one sub-folder per model fingerprint.
    public let root: URL
    /// What went wrong with cache files (corrupt or truncated, unwritable), in order; each was recovered from.
    public private(set) var warnings: [String] = []
    /// Texts found in the cache and texts not found (encoded, each distinct text once), since this store was made.
    public private(set) var hits = 0, misses = 0

    /// Vectors by text hash, per loaded file.
    private var loaded: [URL: [Data: [Float]]] = [:]
    private var fingerprints: [ObjectIdentifier: String] = [:]
    private let lock = NSLock()

    /// A store under `root` (nothing is read until embeddings are asked for).
    public init(root: URL) { self.root = root }

    /// `$WB_CACHE/embeddings`, else `$XDG_CACHE_HOME/embedding-workbench/embeddings`, else
    /// `~/.cache/embedding-workbench/embeddings` (the set-up's download cache, as `scripts/lib.sh` finds it).
    public static var defaultRoot: URL {
        let env = ProcessInfo.processInfo.environment
        func nonEmpty(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        let cache = nonEmpty("WB_CACHE") ?? ((nonEmpty("XDG_CACHE_HOME") ?? (NSHomeDirectory() + "/.cache")) + "/embedding-workbench")
        return URL(fileURLWithPath: cache).appendingPathComponent("embeddings")
    }

    /// The store experiments use: `defaultRoot`, another folder named by `WB_EMBEDDING_CACHE`, or none when
    /// that variable is `off`.
    public static func fromEnvironment() -> EmbeddingStore? {
        switch ProcessInfo.processInfo.environment["WB_EMBEDDING_CACHE"] {
        case "off": nil
        case let path? where !path.isEmpty: EmbeddingStore(root: URL(fileURLWithPath: path))
        default: EmbeddingStore(root: defaultRoot)
        }
    }

    /// The embeddings of `texts` with `prompt` by `model`: cached ones read, the others encoded (each distinct
    /// text once, in first-seen order) and appended to the cache file.  → [N, D]
    public func embeddings(_ texts: [String], prompt: String?, model: any TextEmbedder) throws -> Tensor {
        guard !texts.isEmpty else { return try model.embed(texts, prompt: prompt) }
        let url = try fileURL(model: model, prompt: prompt)
        var table = try load(url)
        let keys = texts.map(Self.key)
        let found = keys.count(where: { table[$0] != nil })
        var missing: [Int] = []                                            // first occurrence of each uncached text
        var seen = Set<Data>()
        for (i, k) in keys.enumerated() where table[k] == nil && seen.insert(k).inserted { missing.append(i) }
        if !missing.isEmpty {
            let fresh = try model.embed(missing.map { texts[$0] }, prompt: prompt)                  // [M, D]
            guard fresh.rank == 2, fresh.shape[0] == missing.count, fresh.shape[1] > 0 else {
                throw EvaluatorError.embeddingShape(role: "\(model.displayName) output", texts: missing.count, shape: fresh.shape)
            }
            let d = fresh.shape[1]
            if let width = table.first?.value.count, width != d {
                throw EvaluatorError.dimensionMismatch(role: "new", dimension: d, expected: "cached (\(url.path))", expectedDimension: width)
            }
            let block = EmbeddingStoreBlock(hashes: missing.map { keys[$0] },
                                            vectors: Array(UnsafeBufferPointer(start: fresh.data, count: missing.count * d)), dimension: d)
            for (j, i) in missing.enumerated() { table[keys[i]] = block.vector(j) }
            append(block, to: url)
            lock.withLock { loaded[url] = table }
        }
        let d = table[keys[0]]?.count ?? 0
        let out = Tensor(shape: [texts.count, d])                                                   // [N, D]
        for (i, k) in keys.enumerated() {
            table[k]!.withUnsafeBufferPointer { (out.mutableData + i * d).update(from: $0.baseAddress!, count: d) }
        }
        lock.withLock {
            hits += found
            misses += texts.count - found
        }
        return out
    }

    /// An encode closure for evaluators (`evaluate(encode:)`) that goes through this store.
    public func encoder(for model: any TextEmbedder) -> (_ texts: [String], _ prompt: String?) throws -> Tensor {
        { [self] texts, prompt in try embeddings(texts, prompt: prompt, model: model) }
    }

    /// The sha256 of a text's UTF-8 bytes: its key in a cache file.
    static func key(_ text: String) -> Data { Data(SHA256.hash(data: Data(text.utf8))) }

    /// `<root>/<fingerprint>/<sha256(prompt)>.wbe`; no prompt and the empty prompt share a file.
    private func fileURL(model: any TextEmbedder, prompt: String?) throws -> URL {
        let id = ObjectIdentifier(model)
        let fingerprint: String
        if let known = lock.withLock({ fingerprints[id] }) {
            fingerprint = known
        } else {
            fingerprint = try model.fingerprint()
            lock.withLock { fingerprints[id] = fingerprint }
        }
        let promptHash = SHA256.hash(data: Data((prompt ?? "").utf8)).map { String(format: "%02x", $0) }.joined()
        return root.appendingPathComponent(fingerprint).appendingPathComponent("\(promptHash.prefix(32)).wbe")
    }

    /// The vectors of a cache file, read once per store; a bad tail is cut off with a warning.
    private func load(_ url: URL) throws -> [Data: [Float]] {
        if let table = lock.withLock({ loaded[url] }) { return table }
        var table: [Data: [Float]] = [:]
        if let bytes = FileManager.default.contents(atPath: url.path) {
            let (blocks, goodLength) = Self.decodeBlocks(bytes)
            for block in blocks {
                for j in block.hashes.indices { table[block.hashes[j]] = block.vector(j) }
            }
            if goodLength < bytes.count {
                let lost = bytes.count - goodLength
                warn("embedding cache file \(url.path) is corrupt or truncated after \(goodLength) bytes (\(lost) bytes dropped); "
                     + "its \(table.count) intact embeddings are kept and the rest will be encoded again")
                do { try bytes.prefix(goodLength).write(to: url, options: .atomic) } catch {
                    warn("cannot rewrite \(url.path): \(error.localizedDescription)")
                }
            }
        }
        lock.withLock { loaded[url] = table }
        return table
    }

    /// The valid blocks at the start of a cache file's bytes, and how many bytes they span.
    static func decodeBlocks(_ bytes: Data) -> (blocks: [EmbeddingStoreBlock], goodLength: Int) {
        var blocks: [EmbeddingStoreBlock] = []
        var offset = 0
        bytes.withUnsafeBytes { all in
            while offset < all.count {
                let rest = UnsafeRawBufferPointer(rebasing: all[offset...])
                guard let size = Zstd.frameSize(rest),
                      let content = Zstd.decompressFrame(UnsafeRawBufferPointer(rebasing: rest[0..<size])),
                      let block = EmbeddingStoreBlock(decoding: content),
                      blocks.first.map({ $0.dimension == block.dimension }) ?? true
                else { return }
                blocks.append(block)
                offset += size
            }
        }
        return (blocks, offset)
    }

    /// Appends one block as a zstd frame; a cache that cannot be written is a warning, not an error.
    private func append(_ block: EmbeddingStoreBlock, to url: URL) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let frame = try Zstd.compressFrame(block.encoded())
            if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            // one write of a whole frame at the end; a reader that sees a partial frame drops it
            guard flock(handle.fileDescriptor, LOCK_EX) == 0 else { throw CocoaError(.fileLocking) }
            defer { flock(handle.fileDescriptor, LOCK_UN) }
            try handle.seekToEnd()
            try handle.write(contentsOf: frame)
        } catch {
            warn("cannot write the embedding cache file \(url.path): \(error)")
        }
    }

    private func warn(_ message: String) { lock.withLock { warnings.append(message) } }
}
