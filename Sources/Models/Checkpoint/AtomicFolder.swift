import Foundation

/// Writes a folder beside its destination and renames it into place, so a crash while saving leaves the
/// previous folder (or none) intact, never a half-written one.
enum AtomicFolder {
    /// Calls `fill` with an empty staging folder next to `url`, then swaps it in: the old folder is moved aside
    /// first and removed only after the new one is in place. Errors other than `CheckpointError` become
    /// `ioFailure(operation:)`; the staging folder is removed on failure.
    static func write(_ url: URL, operation: String, _ fill: (URL) throws -> Void) throws(CheckpointError) {
        let fm = FileManager.default
        let parent = url.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).saving-\(getpid())")
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            try fill(staging)
            let old = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(getpid())")
            if fm.fileExists(atPath: url.path) { try fm.moveItem(at: url, to: old) }
            try fm.moveItem(at: staging, to: url)
            try? fm.removeItem(at: old)
        } catch let error as CheckpointError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw .ioFailure(path: url.path, operation: operation, reason: error.localizedDescription)
        }
    }
}
