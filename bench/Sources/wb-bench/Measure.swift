import Foundation

/// Clocks and machine-load probes, and the one-line JSON report (memory: `ProcessMemory`).
enum Measure {
    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Seconds `body` takes, with its result.
    static func time<R>(_ body: () throws -> R) rethrows -> (Double, R) {
        let t0 = now()
        let r = try body()
        return (now() - t0, r)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Prints `fields` as one JSON line (keys sorted).
    static func printJSON(_ fields: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Rounds for the report (3 decimals).
    static func r3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}

/// CPU time the rest of the machine burned while a block ran, as a fraction of all cores (like the peer's
/// `common.Foreign`): /proc/stat busy jiffies minus this process's own user+system time.
struct ForeignLoad {
    private let busy0: Double, own0: Double, t0: Double

    init() {
        busy0 = ForeignLoad.machineBusySeconds()
        own0 = ForeignLoad.ownCPUSeconds()
        t0 = Measure.now()
    }

    /// The fraction since `init` (0 when /proc/stat is unreadable).
    func fraction() -> Double {
        let dt = Measure.now() - t0
        let busy = ForeignLoad.machineBusySeconds() - busy0
        let own = ForeignLoad.ownCPUSeconds() - own0
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        return dt > 0 ? max(0, (busy - own) / (dt * cores)) : 0
    }

    private static func machineBusySeconds() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = s.split(separator: "\n").first else { return 0 }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard v.count >= 8 else { return 0 }
        let idle = v[3] + v[4]
        return (v[0..<8].reduce(0, +) - idle) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func ownCPUSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6
            + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
    }
}
