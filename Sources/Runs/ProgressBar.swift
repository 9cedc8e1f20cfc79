import Foundation

/// A one-line progress bar on standard error with rate and time left, redrawn at most 10 times a second.
public final class ProgressBar {
    private let total: Int
    private let unit: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let enabled: Bool

    public init(total: Int, unit: String, enabled: Bool) {
        self.total = total
        self.unit = unit
        self.enabled = enabled
    }

    /// Redraws with `done` of `total` finished and an optional suffix (e.g. the current loss).
    public func update(_ done: Int, suffix: String = "") {
        guard enabled else { return }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-9)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r%@ %d/%d %@ | %.1f %@/s | ETA %@ %@", bar, done, total, unit, rate, unit, Self.clock(left), suffix)
        FileHandle.standardError.write(Data(line.utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
