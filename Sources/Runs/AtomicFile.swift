import Foundation

/// Writes a file so that readers see the old or the new contents, never a mix: temp file, fsync, rename.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws(RunError) {
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard written == data.count, synced else {
            unlink(temp.path)
            throw .writeFailed(path: url.path, reason: written < 0 || !synced ? reason : "short write")
        }
        guard rename(temp.path, url.path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp.path)
            throw .writeFailed(path: url.path, reason: why)
        }
    }
}
