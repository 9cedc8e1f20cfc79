/// A line chart as inline SVG: one line per run, ticks and grid on both axes, a title and an x-axis label.
///
/// ```swift
/// LineChart(title: "loss", series: lines, xDomain: [0, 300]).svg()
/// ```
/// Lines longer than the plot is wide are thinned to about one point per pixel; short series get dot markers.
/// With `smoothing`, noisy curves are drawn faint with their moving average on top (as TensorBoard does).
struct LineChart: Sendable {
    let title: String
    let series: [LineSeries]
    /// Values the x axis must cover (a shared step range, so charts line up); the data's own range when empty.
    var xDomain: [Double] = []
    var xLabel = "step"
    var width = 560.0
    var height = 260.0
    /// Points in a centred moving average drawn over each faint raw line; 0 or 1 draws the raw lines only.
    var smoothing = 0

    private let left = 58.0, right = 14.0, top = 30.0, bottom = 40.0

    /// The chart's `<svg>` element.
    func svg() -> String {
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let xs = AxisScale(covering: xDomain + series.flatMap { $0.points.map(\.x) }, targetTicks: 6, includeZero: true, integer: true)
        let ys = AxisScale(covering: series.flatMap { $0.points.map(\.y) }, targetTicks: 5)
        func px(_ x: Double) -> Double { xs.position(x, from: left, to: left + plotWidth) }
        func py(_ y: Double) -> Double { ys.position(y, from: top + plotHeight, to: top) }
        let f = ReportFormat.px

        var out = "<svg class=\"chart\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\""
            + " role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        out += "<text class=\"ct\" x=\"\(f(left))\" y=\"18\">\(HTML.escape(title))</text>"
        out += "<g class=\"axis\">"
        for t in ys.ticks {
            let y = py(t)
            out += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(y))\" y2=\"\(f(y))\"/>"
            out += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 3.5))\" text-anchor=\"end\">\(HTML.escape(ys.label(t)))</text>"
        }
        for t in xs.ticks {
            let x = px(t)
            out += "<line class=\"grid\" x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\"/>"
            out += "<text class=\"tick\" x=\"\(f(x))\" y=\"\(f(top + plotHeight + 14))\" text-anchor=\"middle\">\(HTML.escape(xs.label(t)))</text>"
        }
        out += "<rect class=\"frame\" x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\"/>"
        if smoothing > 1 {
            out += "<text class=\"tick muted\" x=\"\(f(left + plotWidth))\" y=\"18\" text-anchor=\"end\">faint: logged · bold: mean of \(smoothing) points</text>"
        }
        out += "<text class=\"label\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        out += "</g>"

        let maxPoints = Int(plotWidth)
        for s in series where !s.points.isEmpty {
            let points = Self.thin(s.points, to: maxPoints)
            out += "<g class=\"series\"><title>\(HTML.escape(s.label))</title>"
            let smooth = smoothing > 1 && s.points.count > smoothing
            for run in Self.finiteRuns(points) {
                let coordinates = run.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke-linejoin=\"round\" \(s.style.strokeAttributes(width: smooth ? 1 : 1.6))"
                    + (smooth ? " stroke-opacity=\"0.25\"" : "") + " points=\"\(coordinates)\"/>"
            }
            if smooth {
                for run in Self.finiteRuns(s.points) {
                    let mean = Self.thin(Self.movingAverage(run, window: smoothing), to: maxPoints)
                    let coordinates = mean.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                    out += "<polyline fill=\"none\" stroke-linejoin=\"round\" \(s.style.strokeAttributes(width: 1.8)) points=\"\(coordinates)\"/>"
                }
            }
            if s.points.count <= 40 {
                for p in s.points where p.y.isFinite {
                    out += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"2.6\" fill=\"\(s.style.color)\"/>"
                }
            }
            out += "</g>"
        }
        return out + "</svg>"
    }

    /// Every `k`-th point (the last kept) when there are more than `limit`.
    static func thin(_ points: [(x: Double, y: Double)], to limit: Int) -> [(x: Double, y: Double)] {
        guard points.count > limit, limit > 1 else { return points }
        let k = (points.count + limit - 1) / limit
        var kept = stride(from: 0, to: points.count, by: k).map { points[$0] }
        if (points.count - 1) % k != 0 { kept.append(points[points.count - 1]) }
        return kept
    }

    /// Centred moving average over `window` points (fewer at the ends), at the same x positions.
    static func movingAverage(_ points: [(x: Double, y: Double)], window: Int) -> [(x: Double, y: Double)] {
        guard window > 1, !points.isEmpty else { return points }
        var prefix = [0.0]
        prefix.reserveCapacity(points.count + 1)
        for p in points { prefix.append(prefix[prefix.count - 1] + p.y) }
        let half = window / 2
        return points.indices.map { i in
            let lo = max(0, i - half), hi = min(points.count, i + half + 1)
            return (points[i].x, (prefix[hi] - prefix[lo]) / Double(hi - lo))
        }
    }

    /// The stretches of finite points between non-finite ones (gaps in the line).
    static func finiteRuns(_ points: [(x: Double, y: Double)]) -> [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for p in points {
            if p.y.isFinite { runs[runs.count - 1].append(p) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }
}
