extension HTMLReport {
    /// The primary metric over the sweep: a heat-map over the two most-varied keys, or a bar chart over the only one.
    func sweepSection() -> String {
        guard runs.count > 1, let metric = primaryMetric, !sweep.axes.isEmpty else { return "" }
        var out = "<section><h2>Sweep: best <code>\(HTML.escape(metric))</code> (\(Self.direction(metric)))</h2>\n"
        let lower = RunData.lowerIsBetter(metric)
        let others = sweep.varyingKeys.filter { !sweep.axes.contains($0) }
        if sweep.axes.count == 2 {
            let map = heatMap(metric: metric, xKey: sweep.axes[0], yKey: sweep.axes[1])
            out += "<div class=\"charts\">\(map.svg())</div>"
            out += "<p class=\"caption\">Each cell is the best value of the metric over a run's steps"
            if !others.isEmpty {
                out += "; runs differing only in " + others.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")
                    + " share a cell, which shows the best of them (n runs)."
            } else if map.cells.joined().contains(where: { ($0?.count ?? 0) > 1 }) {
                out += "; runs with the same settings share a cell, which shows the best of them (n runs)."
            } else {
                out += "."
            }
            if let best = map.best, let cell = map.cells[best.row][best.column] {
                out += " ★ best: <code>\(HTML.escape(map.xKey))=\(HTML.escape(map.xValues[best.column]))</code>, "
                out += "<code>\(HTML.escape(map.yKey))=\(HTML.escape(map.yValues[best.row]))</code> → \(ReportFormat.value(cell.value))"
                out += bestRunNote(metric: metric, value: cell.value)
            }
            out += "</p>"
        } else {
            let key = sweep.axes[0]
            let values = Sweep.values(of: key, in: runs)
            let bars = values.map { value in
                let members = runs.filter { $0.manifest.config[key] == value }
                return (label: Sweep.label(value), value: bestOf(members, metric: metric), count: members.count)
            }
            let chart = BarChart(title: "best \(metric) by \(key)", key: key, bars: bars, lowerIsBetter: lower)
            out += "<div class=\"charts\">\(chart.svg())</div><p class=\"caption\">Each bar is the best value of the metric over a run's steps"
            out += " (the best run, when several share a value)."
            if let b = chart.best, let v = bars[b].value {
                out += " ★ best: <code>\(HTML.escape(key))=\(HTML.escape(bars[b].label))</code> → \(ReportFormat.value(v))"
                out += bestRunNote(metric: metric, value: v)
            }
            out += "</p>"
        }
        return out + "</section>\n"
    }

    /// The heat-map of `metric` with `xKey` across and `yKey` down.
    func heatMap(metric: String, xKey: String, yKey: String) -> HeatMap {
        let xs = Sweep.values(of: xKey, in: runs), ys = Sweep.values(of: yKey, in: runs)
        let cells = ys.map { y in
            xs.map { x -> HeatMap.Cell? in
                let members = runs.filter { $0.manifest.config[xKey] == x && $0.manifest.config[yKey] == y }
                return bestOf(members, metric: metric).map { HeatMap.Cell(value: $0, count: members.count) }
            }
        }
        return HeatMap(title: "best \(metric)", xKey: xKey, xValues: xs.map(Sweep.label), yKey: yKey, yValues: ys.map(Sweep.label),
                       cells: cells, lowerIsBetter: RunData.lowerIsBetter(metric))
    }

    /// The best value of `metric` over `runs` (each run at its best step).
    func bestOf(_ runs: [RunData], metric: String) -> Double? {
        let values = runs.map { $0.best(metric)?.value }
        return Self.bestIndex(values, lowerIsBetter: RunData.lowerIsBetter(metric)).flatMap { values[$0] }
    }

    /// ` (run <id>, step <n>)` for the run that reached `value`.
    private func bestRunNote(metric: String, value: Double) -> String {
        guard let run = runs.first(where: { $0.best(metric)?.value == value }), let step = run.best(metric)?.step else { return "" }
        return " (run <code>\(HTML.escape(run.ref.id))</code>, step \(step))."
    }
}
