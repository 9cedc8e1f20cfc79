import Foundation

/// This process's resident memory, as the kernel counts it (Linux `/proc/self/status`; elsewhere `getrusage`).
///
/// ```swift
/// ProcessMemory.resetPeak()          // a new high-water mark from here
/// … one sweep cell …
/// let mib = ProcessMemory.peakResidentMiB
/// ```
public enum ProcessMemory {
    /// Current resident set (VmRSS) in MiB.
    public static var residentMiB: Double { status("VmRSS:") ?? .nan }

    /// Highest resident set since the process started or since `resetPeak()` (VmHWM) in MiB.
    public static var peakResidentMiB: Double {
        if let hwm = status("VmHWM:") { return hwm }
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }

    /// Starts a new peak at the current resident set (`/proc/self/clear_refs` ← 5, Linux ≥ 4.0), so each part of a
    /// long process (each cell of a sweep) gets its own; nothing elsewhere.
    public static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// A "Name:  N kB" line of /proc/self/status in MiB.
    private static func status(_ key: String) -> Double? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
              let kib = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kib / 1024
    }
}
