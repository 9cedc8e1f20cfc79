import Foundation

/// Number, duration and date formats of the HTML report.
enum ReportFormat {
    /// A metric value with 4 significant digits, scientific below 1e-3 or from 1e4 (`0.8123`, `2.5e-5`).
    static func value(_ v: Double?) -> String {
        guard let v else { return "—" }
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "∞" : "−∞" }
        if v == 0 { return "0" }
        if abs(v) < 1e-3 || abs(v) >= 1e4 { return scientific(v, digits: 3) }
        return String(format: "%.4g", v)
    }

    /// `v` as `m.mmme±x` with `digits` decimals in the mantissa, trailing zeros and exponent padding removed.
    static func scientific(_ v: Double, digits: Int) -> String {
        let text = String(format: "%.\(digits)e", v)
        guard let e = text.firstIndex(of: "e") else { return text }
        var mantissa = String(text[..<e])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// `v` with `decimals` digits after the point (`12.3`).
    static func fixed(_ v: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", v) }

    /// `1h 02m`, `3m 05s`, `12.3s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "—" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return String(format: "%dh %02dm", s / 3600, (s % 3600) / 60)
    }

    /// `2026-11-29 10:00 UTC`.
    static func date(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date) + " UTC"
    }

    /// `abc1234` or `abc1234+dirty`; `—` when the run was not in a git checkout.
    static func git(_ git: Manifest.Git?) -> String {
        guard let git else { return "—" }
        return String(git.commit.prefix(7)) + (git.dirty ? "+dirty" : "")
    }

    /// An SVG coordinate with one decimal.
    static func px(_ v: Double) -> String { String(format: "%.1f", v) }
}
