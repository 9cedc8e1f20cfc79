import Crypto
import Foundation

/// Facts about the code, inputs and machine of a run: git state, file hashes, host.
public enum Provenance {
    /// The sha256 of `text`'s UTF-8 bytes, as 64 hex digits.
    public static func sha256(text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// sha256 of a file, streamed in 1 MiB chunks (hex).
    public static func sha256(of url: URL) throws(RunError) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw .readFailed(path: url.path, reason: "cannot open for hashing")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// sha256 of the running executable (nil when /proc is not there), read once: `/proc/self/exe` is the file this
    /// process was started from even when a rebuild replaces it, so every run of a sweep and the data-parallel
    /// start-up check share one hash instead of reading the binary each time.
    public static let executableHash: String? = try? sha256(of: URL(fileURLWithPath: "/proc/self/exe"))

    /// The commit of the git checkout at `directory` and whether it has uncommitted changes (nil outside git).
    public static func git(at directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> Manifest.Git? {
        guard let commit = run(["git", "rev-parse", "HEAD"], in: directory)?.trimmingCharacters(in: .whitespacesAndNewlines),
              commit.count == 40 else { return nil }
        let status = run(["git", "status", "--porcelain", "--untracked-files=no"], in: directory) ?? ""
        return Manifest.Git(commit: commit, dirty: !status.isEmpty)
    }

    /// This machine's name.
    public static var host: String { ProcessInfo.processInfo.hostName }

    /// The id of this process.
    public static var pid: Int32 { getpid() }

    /// When process `pid` started, in clock ticks since boot (field 22 of `/proc/<pid>/stat`; nil without /proc).
    ///
    /// A pid and its start time name one process: a later process that is given the same pid has a later start.
    public static func processStartTicks(pid: Int32) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // after "pid (comm)": state is field 3, starttime field 22
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }

    /// Whether process `pid` has exited and waits to be reaped (state Z in `/proc/<pid>/stat`): a rank whose
    /// launcher died before it stays so until init collects it.
    static func isZombie(pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return false }
        return text[text.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// Why process `pid` on this host, started at `startTicks` (when recorded), is known to be gone; nil while it
    /// runs or cannot be shown dead. `kill(pid, 0)` failing with ESRCH means gone, and so does a zombie (exited, not
    /// yet reaped); a process with that pid but another start time is a later process given the same pid.
    public static func goneEvidence(pid: Int32, startTicks: UInt64?) -> String? {
        if kill(pid, 0) != 0 && errno == ESRCH { return "process \(pid) on \(host) is gone" }
        if isZombie(pid: pid) { return "process \(pid) on \(host) has exited" }
        // it exists (EPERM: it belongs to another user); the same process only if it started when the writer did
        if let startTicks, let current = processStartTicks(pid: pid), current != startTicks {
            return "process \(pid) on \(host) is gone (the pid now belongs to another process)"
        }
        return nil
    }

    private static func run(_ arguments: [String], in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
