import Foundation

/// An append-only log of JSON lines stored as a sequence of complete zstd frames (`*.jsonl.zst`).
///
/// Lines are buffered and written as one frame, with one `write()` to an `O_APPEND` file, every
/// `linesPerFrame` lines, every `secondsPerFrame` seconds, and on `flush()`/`close()`. A process
/// killed at any moment leaves a file whose complete frames `zstd -dc` reads with exit 0; only
/// the frame being written can be torn. Opening an existing log first repairs such a torn tail:
/// it is cut off, and the whole lines a streaming decoder recovers from it are written back as
/// a fresh frame, so a new stream never follows a broken one.
public final class FrameLog {
    public let url: URL
    let linesPerFrame: Int
    let secondsPerFrame: Double
    private var fd: Int32
    private var buffer = ""
    private var bufferedLines = 0
    private var lastFlush = Date()
    /// Lines written since opening, and compressed bytes written.
    public private(set) var linesWritten = 0
    public private(set) var bytesWritten = 0
    /// What repairing the file on open found (nil when it was intact or new).
    public let repair: FrameLogReader.Damage?

    /// Opens (creating if needed) the log at `url`, repairing a torn tail.
    public init(url: URL, linesPerFrame: Int = 64, secondsPerFrame: Double = 2) throws(RunError) {
        self.url = url
        self.linesPerFrame = linesPerFrame
        self.secondsPerFrame = secondsPerFrame
        var salvaged = ""
        var damage: FrameLogReader.Damage?
        if FileManager.default.fileExists(atPath: url.path) {
            let contents = try FrameLogReader.readContents(url)
            if let d = contents.damage {
                damage = d
                guard truncate(url.path, off_t(d.validBytes)) == 0 else {
                    throw .writeFailed(path: url.path, reason: "cannot cut the torn tail: \(String(cString: strerror(errno)))")
                }
                salvaged = d.salvagedLines.map { $0 + "\n" }.joined()
            }
        }
        repair = damage
        fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
        if !salvaged.isEmpty {
            buffer = salvaged
            bufferedLines = salvaged.split(separator: "\n").count
            try flush()
        }
    }

    deinit { if fd >= 0 { _ = try? flush(); Foundation.close(fd) } }

    /// Appends one JSON line (an object); writes a frame when the buffer is due.
    public func append(_ object: [String: JSONValue]) throws(RunError) {
        JSONValue.object(object).write(to: &buffer)
        buffer += "\n"
        bufferedLines += 1
        if bufferedLines >= linesPerFrame || Date().timeIntervalSince(lastFlush) >= secondsPerFrame { try flush() }
    }

    /// Appends a line whose keys come in the given order (metric lines: step, epoch, time first).
    public func append(orderedLine line: String) throws(RunError) {
        buffer += line
        buffer += "\n"
        bufferedLines += 1
        if bufferedLines >= linesPerFrame || Date().timeIntervalSince(lastFlush) >= secondsPerFrame { try flush() }
    }

    /// Writes the buffered lines as one complete frame.
    public func flush() throws(RunError) {
        lastFlush = Date()
        guard bufferedLines > 0, fd >= 0 else { return }
        let frame = try Zstd.compressFrame(Data(buffer.utf8))
        let before = fileSize()
        let written = frame.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == frame.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "short write (\(written) of \(frame.count) bytes)"
            if written > 0 { _ = ftruncate(fd, off_t(before)) } // never leave half a frame behind
            throw .writeFailed(path: url.path, reason: reason)
        }
        bytesWritten += frame.count
        linesWritten += bufferedLines
        buffer = ""
        bufferedLines = 0
    }

    private func fileSize() -> Int {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Flushes and closes the file.
    public func close() throws(RunError) {
        defer { if fd >= 0 { Foundation.close(fd); fd = -1 } }
        try flush()
    }
}
