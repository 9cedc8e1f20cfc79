import Foundation

/// A heat-map as inline SVG: a metric over two hyper-parameters, viridis-coloured (brighter is better), best cell marked ★.
struct HeatMap: Sendable {
    /// One filled cell: the best value among its runs, and how many runs it holds.
    struct Cell: Sendable, Equatable {
        let value: Double
        let count: Int
    }

    let title: String
    /// Column key and values (left to right).
    let xKey: String
    let xValues: [String]
    /// Row key and values (top to bottom).
    let yKey: String
    let yValues: [String]
    /// `cells[row][column]`; nil where no run has that combination.
    let cells: [[Cell?]]
    let lowerIsBetter: Bool

    /// Row and column of the best cell (the first, on ties).
    var best: (row: Int, column: Int)? {
        var found: (row: Int, column: Int, value: Double)?
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() {
                guard let v = cell?.value, v.isFinite else { continue }
                if found == nil || (lowerIsBetter ? v < found!.value : v > found!.value) { found = (r, c, v) }
            }
        }
        return found.map { ($0.row, $0.column) }
    }

    /// The chart's `<svg>` element.
    func svg() -> String {
        let f = ReportFormat.px
        let values = cells.flatMap { $0.compactMap { $0?.value } }.filter(\.isFinite)
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        /// 0 at the worst value, 1 at the best.
        func quality(_ v: Double) -> Double {
            guard hi > lo else { return 1 }
            return lowerIsBetter ? (hi - v) / (hi - lo) : (v - lo) / (hi - lo)
        }
        let longestRowLabel = yValues.map(\.count).max() ?? 1
        let left = 36 + max(36, Double(longestRowLabel) * 7.5), top = 34.0
        let cellWidth = min(110, max(58, 560 / Double(max(xValues.count, 1)))), cellHeight = 42.0
        let gridWidth = cellWidth * Double(xValues.count), gridHeight = cellHeight * Double(yValues.count)
        let barX = left + gridWidth + 22, barWidth = 14.0
        let width = barX + barWidth + 70, height = top + gridHeight + 46

        var out = "<svg class=\"chart heatmap\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\""
            + " role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        out += "<text class=\"ct\" x=\"\(f(left))\" y=\"18\">\(HTML.escape(title))</text>"
        let best = self.best
        for (r, row) in cells.enumerated() {
            let y = top + Double(r) * cellHeight
            out += "<text class=\"tick\" x=\"\(f(left - 8))\" y=\"\(f(y + cellHeight / 2 + 4))\" text-anchor=\"end\">\(HTML.escape(yValues[r]))</text>"
            for (c, cell) in row.enumerated() {
                let x = left + Double(c) * cellWidth
                let rect = "x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"\(f(cellWidth - 2))\" height=\"\(f(cellHeight - 2))\""
                guard let cell else {
                    out += "<rect class=\"empty\" \(rect)/>"
                    out += "<text class=\"cell muted\" x=\"\(f(x + cellWidth / 2))\" y=\"\(f(y + cellHeight / 2 + 4))\" text-anchor=\"middle\">—</text>"
                    continue
                }
                let q = cell.value.isFinite ? quality(cell.value) : 0
                let isBest = best.map { $0.row == r && $0.column == c } ?? false
                let tip = "\(xKey)=\(xValues[c]), \(yKey)=\(yValues[r]): \(ReportFormat.value(cell.value))"
                    + (cell.count > 1 ? " (best of \(cell.count) runs)" : "") + (isBest ? " — best" : "")
                out += "<g><title>\(HTML.escape(tip))</title><rect \(rect) fill=\"\(Viridis.color(q))\"/>"
                let ink = Viridis.wantsDarkText(q) ? "#111111" : "#ffffff"
                let text = (isBest ? "★ " : "") + ReportFormat.value(cell.value)
                let textY = cell.count > 1 ? y + cellHeight / 2 : y + cellHeight / 2 + 4
                out += "<text class=\"cell\(isBest ? " best" : "")\" x=\"\(f(x + cellWidth / 2))\" y=\"\(f(textY))\" text-anchor=\"middle\" fill=\"\(ink)\">\(HTML.escape(text))</text>"
                if cell.count > 1 {
                    out += "<text class=\"cell small\" x=\"\(f(x + cellWidth / 2))\" y=\"\(f(textY + 13))\" text-anchor=\"middle\" fill=\"\(ink)\">n=\(cell.count)</text>"
                }
                if isBest {
                    out += "<rect class=\"best-mark\" x=\"\(f(x + 2.5))\" y=\"\(f(y + 2.5))\" width=\"\(f(cellWidth - 5))\" height=\"\(f(cellHeight - 5))\""
                        + " fill=\"none\" stroke=\"#000000\" stroke-width=\"3\"/>"
                }
                out += "</g>"
            }
        }
        for (c, value) in xValues.enumerated() {
            out += "<text class=\"tick\" x=\"\(f(left + (Double(c) + 0.5) * cellWidth))\" y=\"\(f(top + gridHeight + 15))\" text-anchor=\"middle\">\(HTML.escape(value))</text>"
        }
        out += "<text class=\"label\" x=\"\(f(left + gridWidth / 2))\" y=\"\(f(top + gridHeight + 36))\" text-anchor=\"middle\">\(HTML.escape(xKey))</text>"
        let midY = top + gridHeight / 2
        out += "<text class=\"label\" x=\"14\" y=\"\(f(midY))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(midY)))\">\(HTML.escape(yKey))</text>"

        // colour bar: best at the top
        let steps = 24
        for i in 0..<steps {
            let y0 = top + gridHeight * Double(i) / Double(steps)
            out += "<rect x=\"\(f(barX))\" y=\"\(f(y0))\" width=\"\(f(barWidth))\" height=\"\(f(gridHeight / Double(steps) + 0.5))\""
                + " fill=\"\(Viridis.color(1 - (Double(i) + 0.5) / Double(steps)))\"/>"
        }
        out += "<rect class=\"frame\" x=\"\(f(barX))\" y=\"\(f(top))\" width=\"\(f(barWidth))\" height=\"\(f(gridHeight))\"/>"
        let bestValue = lowerIsBetter ? lo : hi, worstValue = lowerIsBetter ? hi : lo
        out += "<text class=\"tick\" x=\"\(f(barX + barWidth + 5))\" y=\"\(f(top + 9))\">\(HTML.escape(ReportFormat.value(bestValue)))</text>"
        out += "<text class=\"tick\" x=\"\(f(barX + barWidth + 5))\" y=\"\(f(top + gridHeight))\">\(HTML.escape(ReportFormat.value(worstValue)))</text>"
        out += "<text class=\"tick muted\" x=\"\(f(barX + barWidth + 5))\" y=\"\(f(midY + 4))\">better ↑</text>"
        return out + "</svg>"
    }
}
