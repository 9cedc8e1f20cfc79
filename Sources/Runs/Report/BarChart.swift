/// A bar chart as inline SVG: a metric for each value of one hyper-parameter, from zero, the best bar marked ★.
struct BarChart: Sendable {
    let title: String
    /// The hyper-parameter on the x axis.
    let key: String
    /// Bars left to right: the value of `key`, the metric (nil: no run logged it) and how many runs it is the best of.
    let bars: [(label: String, value: Double?, count: Int)]
    let lowerIsBetter: Bool

    /// Index of the best bar (the first, on ties).
    var best: Int? { HTMLReport.bestIndex(bars.map(\.value), lowerIsBetter: lowerIsBetter) }

    /// The chart's `<svg>` element.
    func svg() -> String {
        let f = ReportFormat.px
        let left = 58.0, right = 14.0, top = 30.0, bottom = 44.0
        let slot = min(90, max(44, 560 / Double(max(bars.count, 1))))
        let plotWidth = slot * Double(bars.count), plotHeight = 200.0
        let width = left + plotWidth + right, height = top + plotHeight + bottom
        let values = bars.compactMap(\.value).filter(\.isFinite)
        // headroom above the tallest bar for its label
        let ys = AxisScale(covering: values + values.map { $0 * 1.12 }, targetTicks: 5, includeZero: true)
        func py(_ y: Double) -> Double { ys.position(y, from: top + plotHeight, to: top) }

        var out = "<svg class=\"chart bars\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\""
            + " role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        out += "<text class=\"ct\" x=\"\(f(left))\" y=\"18\">\(HTML.escape(title))</text>"
        for t in ys.ticks {
            out += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(py(t)))\" y2=\"\(f(py(t)))\"/>"
            out += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(py(t) + 3.5))\" text-anchor=\"end\">\(HTML.escape(ys.label(t)))</text>"
        }
        let best = self.best
        for (i, bar) in bars.enumerated() {
            let x = left + Double(i) * slot, center = x + slot / 2
            out += "<text class=\"tick\" x=\"\(f(center))\" y=\"\(f(top + plotHeight + 15))\" text-anchor=\"middle\">\(HTML.escape(bar.label))</text>"
            guard let v = bar.value, v.isFinite else {
                out += "<text class=\"tick muted\" x=\"\(f(center))\" y=\"\(f(py(0) - 4))\" text-anchor=\"middle\">—</text>"
                continue
            }
            let isBest = i == best
            let y0 = py(0), y1 = py(v)
            let tip = "\(key)=\(bar.label): \(ReportFormat.value(v))" + (bar.count > 1 ? " (best of \(bar.count) runs)" : "")
            out += "<g><title>\(HTML.escape(tip))</title>"
            out += "<rect x=\"\(f(x + slot * 0.18))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(slot * 0.64))\" height=\"\(f(abs(y1 - y0)))\""
                + " fill=\"\(isBest ? "#E69F00" : "#0072B2")\"" + (isBest ? " stroke=\"#000000\" stroke-width=\"2\"" : "") + "/>"
            let labelY = v >= 0 ? y1 - 5 : y1 + 13
            out += "<text class=\"cell\(isBest ? " best" : "")\" x=\"\(f(center))\" y=\"\(f(labelY))\" text-anchor=\"middle\">"
                + HTML.escape((isBest ? "★ " : "") + ReportFormat.value(v)) + "</text></g>"
        }
        out += "<line class=\"baseline\" x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(py(0)))\" y2=\"\(f(py(0)))\"/>"
        out += "<text class=\"label\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(HTML.escape(key))</text>"
        return out + "</svg>"
    }
}
