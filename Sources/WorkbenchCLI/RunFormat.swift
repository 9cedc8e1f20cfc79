import Foundation
import Runs

/// Shared formatting of run facts for the run commands.
enum RunFormat {
    /// A metric value with 4 significant decimals (or scientific for tiny values).
    static func value(_ v: Double?) -> String {
        guard let v else { return "-" }
        if !v.isFinite { return "\(v)" }
        if v != 0 && abs(v) < 1e-3 { return String(format: "%.3e", v) }
        return String(format: "%.4f", v)
    }

    /// A signed difference.
    static func delta(_ v: Double) -> String {
        if v != 0 && abs(v) < 1e-3 { return String(format: "%+.3e", v) }
        return String(format: "%+.4f", v)
    }

    /// `1h02m`, `3m05s`, `12.3s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }

    /// A one-line sparkline of `values` (downsampled to `width` buckets by mean).
    static func sparkline(_ values: [Double], width: Int = 60) -> String {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), !finite.isEmpty else { return "" }
        let blocks = Array("▁▂▃▄▅▆▇█")
        let buckets = min(width, finite.count)
        return String((0..<buckets).map { b -> Character in
            let slice = finite[(finite.count * b / buckets)..<max(finite.count * (b + 1) / buckets, finite.count * b / buckets + 1)]
            let mean = slice.reduce(0, +) / Double(slice.count)
            let level = hi > lo ? Int(((mean - lo) / (hi - lo) * Double(blocks.count - 1)).rounded()) : 0
            return blocks[level]
        })
    }

    /// `abc1234` or `abc1234+dirty`.
    static func git(_ g: Manifest.Git?) -> String {
        guard let g else { return "-" }
        return String(g.commit.prefix(7)) + (g.dirty ? "+dirty" : "")
    }
}
