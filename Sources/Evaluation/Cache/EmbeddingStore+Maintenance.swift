import Foundation

extension EmbeddingStore {
    /// What a cache folder holds: `workbench cache stats`.
    public struct Stats: Sendable, Equatable {
        /// Model fingerprints with at least one file.
        public var models: Int
        /// Cache files (one per model and prompt).
        public var files: Int
        /// Embeddings in the intact blocks of every file.
        public var embeddings: Int
        /// Bytes on disk.
        public var bytes: Int
        /// Files with a corrupt or truncated tail (left as they are; the next use cuts them back).
        public var damagedFiles: [String]
    }

    /// Reads every cache file under `root` (nothing is changed).
    public func stats() -> Stats {
        var stats = Stats(models: 0, files: 0, embeddings: 0, bytes: 0, damagedFiles: [])
        let fm = FileManager.default
        guard let models = try? fm.contentsOfDirectory(at: root, includingPropertiesForKeys: nil) else { return stats }
        for folder in models.sorted(by: { $0.path < $1.path }) {
            let files = ((try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []).filter { $0.pathExtension == "wbe" }
            if !files.isEmpty { stats.models += 1 }
            for file in files.sorted(by: { $0.path < $1.path }) {
                guard let bytes = fm.contents(atPath: file.path) else { continue }
                let (blocks, good) = Self.decodeBlocks(bytes)
                stats.files += 1
                stats.bytes += bytes.count
                stats.embeddings += blocks.reduce(0) { $0 + $1.hashes.count }
                if good < bytes.count { stats.damagedFiles.append(file.path) }
            }
        }
        return stats
    }

    /// Deletes every cache file (and the folder) under `root`; returns the bytes freed.
    @discardableResult
    public func clear() throws -> Int {
        let freed = stats().bytes
        if FileManager.default.fileExists(atPath: root.path) {
            do { try FileManager.default.removeItem(at: root) } catch {
                throw EvaluatorError.invalidOption(name: "cache", value: root.path, reason: "cannot remove it: \(error.localizedDescription)")
            }
        }
        return freed
    }
}
