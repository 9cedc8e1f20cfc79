extension HTMLReport {
    /// Training keys: `loss`, then `loss/<component>`, then `lr`, then anything else that is not `eval/…` nor a
    /// leaderboard figure (`suite/…`, `encode/…`, `model/…`, `storage/…`).
    var trainingKeys: [String] {
        let keys = Set(runs.flatMap(\.metricKeys)).filter { k in
            !k.hasPrefix("eval/") && k != "eval_seconds" && !Self.leaderboardPrefixes.contains { k.hasPrefix($0) }
        }
        return keys.sorted { a, b in
            func rank(_ k: String) -> Int { k == "loss" ? 0 : k.hasPrefix("loss/") ? 1 : k == "lr" ? 2 : 3 }
            return (rank(a), a) < (rank(b), b)
        }
    }

    /// Evaluation keys (`eval/<evaluator>/<metric>`), the primary metric first.
    var evalKeys: [String] {
        Set(runs.flatMap(\.metricKeys)).filter { $0.hasPrefix("eval/") }.sorted { a, b in
            (a == primaryMetric ? 0 : 1, a) < (b == primaryMetric ? 0 : 1, b)
        }
    }

    /// The step range every chart shares, so curves line up across charts.
    var stepDomain: [Double] {
        let steps = runs.flatMap { $0.metrics.compactMap(\.step) }
        return [0, Double(steps.max() ?? 1)]
    }

    /// Loss (total and per component), learning rate and other training scalars: one chart per key, one line per run.
    func trainingSection() -> String {
        var out = "<section><h2>Training curves</h2>\n"
        let keys = trainingKeys
        guard !keys.isEmpty else { return out + "<p class=\"muted\">No training metrics were logged.</p></section>\n" }
        out += legend() + "<div class=\"charts\">"
        for key in keys {
            let title = key == "lr" ? "learning rate (lr)" : key
            out += chart(key, title: title, width: 568, height: 260, smooth: key != "lr")
        }
        return out + "</div></section>\n"
    }

    /// Each `eval/…` key in its own small chart, one line per run; a metric scored at several Matryoshka widths
    /// (`…@256`) is one chart with a line per width — against the step, or against the width when every run
    /// evaluated once.
    func evaluationSection() -> String {
        let keys = evalKeys
        guard !keys.isEmpty else { return "" }
        let (bases, variants) = matryoshkaGroups(keys)
        let once = runs.allSatisfy { r in keys.allSatisfy { r.series($0).count <= 1 } }
        var out = "<section><h2>Evaluation</h2>\n" + legend() + "<div class=\"charts\">"
        for key in keys where !variants.contains(key) {
            let name = String(key.dropFirst("eval/".count))
            let arrow = RunData.lowerIsBetter(key) ? "↓" : "↑"
            let title = "\(name)\(bases.contains(key) ? " by width" : "") (\(arrow) better)\(key == primaryMetric ? " · primary" : "")"
            if !bases.contains(key) {
                out += chart(key, title: title, width: 374, height: 230)
            } else if once {
                out += widthChart(key, title: title, runs: Array(runs.indices), width: 374, height: 230)
            } else {
                out += widthsOverStepsChart(key, title: title, width: 374, height: 250)
            }
        }
        return out + "</div></section>\n"
    }

    /// One line chart of `key` over steps with a line per run that logged it.
    /// With `smooth`, series of more than 100 points also get a moving average over about 1/50 of their length.
    func chart(_ key: String, title: String, width: Double, height: Double, smooth: Bool = false) -> String {
        let series = runs.indices.compactMap { i -> LineSeries? in
            let points = runs[i].series(key).map { (x: Double($0.step), y: $0.value) }
            return points.isEmpty ? nil : LineSeries(label: labels[i], style: styles[i], points: points)
        }
        let longest = series.map(\.points.count).max() ?? 0
        let window = smooth && longest > 100 ? (longest / 50) | 1 : 0   // odd, so it centres on a point
        return LineChart(title: title, series: series, xDomain: stepDomain, width: width, height: height, smoothing: window).svg()
    }
}
