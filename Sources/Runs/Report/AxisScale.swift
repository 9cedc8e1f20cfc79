import Foundation

/// A linear chart axis: the data range widened to round ticks (1, 2 or 5 × 10ⁿ apart), and its labels.
struct AxisScale: Equatable, Sendable {
    let lower: Double
    let upper: Double
    /// Distance between ticks.
    let step: Double
    let ticks: [Double]

    /// An axis covering the finite `values` with about `targetTicks` ticks.
    /// - Parameters:
    ///   - includeZero: stretch the range to 0 (bar charts, step axes).
    ///   - integer: ticks at whole numbers only (steps).
    init(covering values: some Sequence<Double>, targetTicks: Int = 5, includeZero: Bool = false, integer: Bool = false) {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        if lo > hi { (lo, hi) = (0, 1) }
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if hi - lo <= max(abs(hi), abs(lo)) * 1e-12 {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            (lo, hi) = (includeZero && lo >= 0 ? lo : lo - pad, includeZero && hi <= 0 ? hi : hi + pad)
        }
        var step = Self.nice((hi - lo) / Double(max(targetTicks - 1, 1)), round: true)
        if integer { step = max(step, 1) }
        // a little slack so 2e-5 / 5e-6 = 4.000000000000001 does not add a tick
        let first = (lo / step + 1e-9).rounded(.down), last = (hi / step - 1e-9).rounded(.up)
        self.step = step
        self.lower = first * step
        self.upper = last * step
        self.ticks = (0...max(Int(last - first), 1)).map { Self.clean((first + Double($0)) * step, step: step) }
    }

    /// Where `value` falls between `start` (at `lower`) and `end` (at `upper`), in pixels.
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// The tick label of `value`: as many decimals as the step needs, scientific for tiny or huge values.
    func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = max(abs(lower), abs(upper))
        if step < 1e-3 || magnitude >= 1e6 {
            let digits = max(0, Int((log10(abs(value))).rounded(.down)) - Int(log10(step).rounded(.down)))
            return ReportFormat.scientific(value, digits: min(digits, 6))
        }
        let decimals = max(0, -Int(log10(step).rounded(.down)))
        return String(format: "%.\(min(decimals, 8))f", value)
    }

    /// 1, 2, 5 or 10 times a power of ten near `x` (rounded, or the next one up).
    static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let power = pow(10, log10(x).rounded(.down)), f = x / power
        let n: Double = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10)
        return n * power
    }

    /// `value` snapped to the step grid, so 0.1 + 0.2 prints as 0.3.
    private static func clean(_ value: Double, step: Double) -> Double {
        let decimals = max(0, -Int(log10(step).rounded(.down))) + 1
        let scale = pow(10, Double(min(decimals, 15)))
        let snapped = (value * scale).rounded() / scale
        return snapped == 0 ? 0 : snapped
    }
}
