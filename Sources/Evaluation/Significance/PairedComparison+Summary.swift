import Foundation

extension PairedComparison: CustomStringConvertible {
    /// One line for people: `Δ +0.0123 [95% CI +0.0040, +0.0201], p = 0.004 (significant)`.
    ///
    /// Δ and the interval get at least four decimals and enough to show three significant digits of
    /// the largest of them; p gets two decimals from 0.1 up, three below, `p < 0.001` below that,
    /// and more digits whenever rounding would put it on the other side of `alpha`.
    public func summary(alpha: Double = 0.05) -> String {
        let largest = max(delta.magnitude, interval.lower.magnitude, interval.upper.magnitude)
        let decimals = largest > 0 ? min(12, max(4, 2 - Int(log10(largest).rounded(.down)))) : 4
        func signed(_ x: Double) -> String { String(format: "%+.\(decimals)f", x) }
        let level = String(format: "%g", interval.level * 100)
        let verdict = isSignificant(alpha: alpha) ? "significant" : "not significant"
        return "Δ \(signed(delta)) [\(level)% CI \(signed(interval.lower)), \(signed(interval.upper))], "
            + "\(Self.formatP(pValue, alpha: alpha)) (\(verdict))"
    }

    /// `summary(alpha: 0.05)`.
    public var description: String { summary() }

    /// `p = 0.41`, `p = 0.004`, `p < 0.001`, with extra digits where rounding would cross `alpha`.
    static func formatP(_ p: Double, alpha: Double) -> String {
        if p < 0.001 && alpha >= 0.001 { return "p < 0.001" }
        var decimals = p >= 0.1 ? 2 : 3
        while decimals < 8 {
            let shown = (p * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
            if (shown < alpha) == (p < alpha) { break }
            decimals += 1
        }
        return "p = " + String(format: "%.\(decimals)f", p)
    }
}
