extension HTMLReport {
    /// The Matryoshka widths of `key`: `key@d` logged by some run, widest first.
    func widths(of key: String) -> [Int] {
        let prefix = key + "@"
        return Set(runs.flatMap(\.metricKeys).compactMap { k in k.hasPrefix(prefix) ? Int(k.dropFirst(prefix.count)) : nil }).sorted(by: >)
    }

    /// Keys with Matryoshka variants, and the variants (`…@256`) that they gather into one chart.
    func matryoshkaGroups(_ keys: [String]) -> (bases: Set<String>, variants: Set<String>) {
        let all = Set(keys)
        var bases = Set<String>(), variants = Set<String>()
        for k in keys {
            guard let at = k.lastIndex(of: "@"), Int(k[k.index(after: at)...]) != nil else { continue }
            let base = String(k[..<at])
            if all.contains(base) { bases.insert(base); variants.insert(k) }   // `cosine_ndcg@10` has no `cosine_ndcg`: not a width
        }
        return (bases, variants)
    }

    /// The full width of run `i`'s vectors (`model/dimension`, else the widest `dims` entry of its config plus one step).
    private func fullWidth(_ i: Int, narrower: [Int]) -> Double {
        if let d = runs[i].last("model/dimension")?.value { return d }
        if case .array(let dims)? = runs[i].manifest.config["dims"], let top = dims.compactMap(\.double).max(),
           narrower.allSatisfy({ Double($0) < top }) { return top }
        return Double((narrower.max() ?? 0) * 3 / 2)
    }

    /// `key` against the Matryoshka width (the last value of each run), a line per run: the shape of the
    /// quality-versus-dimension trade-off in one picture.
    func widthChart(_ key: String, title: String, runs chosen: [Int], width: Double, height: Double) -> String {
        let dims = widths(of: key)
        let series = chosen.compactMap { i -> LineSeries? in
            var points = dims.compactMap { d in runs[i].last("\(key)@\(d)").map { (x: Double(d), y: $0.value) } }
            if let full = runs[i].last(key) { points.append((x: fullWidth(i, narrower: dims), y: full.value)) }
            points.sort { $0.x < $1.x }
            return points.isEmpty ? nil : LineSeries(label: labels[i], style: styles[i], points: points)
        }
        return LineChart(title: title, series: series, xLabel: "dimensions (Matryoshka prefix)", width: width, height: height).svg()
    }

    /// `key` and its `key@d` variants over steps in one chart: a line per width (per run and width when several
    /// runs are shown: the run's colour, a dash per width), with the widths' legend under it.
    func widthsOverStepsChart(_ key: String, title: String, width: Double, height: Double) -> String {
        let dims = widths(of: key)
        let variants: [(label: String, key: String)] = [("full", key)] + dims.map { ("\($0)-d", "\(key)@\($0)") }
        var series: [LineSeries] = [], legend: [(SeriesStyle, String)] = []
        for (w, v) in variants.enumerated() {
            let single = runs.count == 1
            for i in runs.indices {
                let points = runs[i].series(v.key).map { (x: Double($0.step), y: $0.value) }
                guard !points.isEmpty else { continue }
                let style = single ? SeriesStyle.run(w) : SeriesStyle(color: styles[i].color, dash: SeriesStyle.dashes[w % SeriesStyle.dashes.count])
                series.append(LineSeries(label: "\(labels[i]) · \(v.label)", style: style, points: points))
            }
            legend.append((single ? SeriesStyle.run(w) : SeriesStyle(color: "#57606a", dash: SeriesStyle.dashes[w % SeriesStyle.dashes.count]), v.label))
        }
        let svg = LineChart(title: title, series: series, xDomain: stepDomain, width: width, height: height).svg()
        return "<div class=\"panel\">" + svg + "<div class=\"legend\">"
            + legend.map { "<span class=\"item\">\($0.0.swatch)\(HTML.escape($0.1))</span>" }.joined() + "</div></div>"
    }
}
