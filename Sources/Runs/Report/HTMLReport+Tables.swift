extension HTMLReport {
    /// Config keys that differ (one column per run); the keys all runs share folded below.
    func configSection() -> String {
        var out = "<section><h2>Configuration</h2>\n"
        let keys = Set(runs.flatMap { $0.manifest.config.keys }).sorted()
        let differing = runs.count > 1 ? sweep.varyingKeys : keys
        if differing.isEmpty {
            out += "<p class=\"muted\">All runs have the same configuration.</p>"
        } else {
            out += "<table class=\"diff\"><thead><tr><th>\(runs.count > 1 ? "differs" : "key")</th>\(runColumnHeads())</tr></thead><tbody>"
            for key in differing {
                out += "<tr><th><code>\(HTML.escape(key))</code></th>"
                out += runs.map { "<td>\(HTML.escape(Sweep.label($0.manifest.config[key])))</td>" }.joined() + "</tr>"
            }
            out += "</tbody></table>\n"
        }
        let shared = runs.count > 1 ? keys.filter { !sweep.varyingKeys.contains($0) } : []
        if !shared.isEmpty {
            out += "<details><summary>\(shared.count) setting\(shared.count == 1 ? "" : "s") shared by all runs</summary>"
            out += "<table class=\"diff\"><tbody>"
            for key in shared {
                out += "<tr><th><code>\(HTML.escape(key))</code></th><td>\(HTML.escape(Sweep.label(runs[0].manifest.config[key])))</td></tr>"
            }
            out += "</tbody></table></details>\n"
        }
        return out + "</section>\n"
    }

    /// Every metric's last and best value per run; the best run of each row is highlighted ★.
    func metricsSection() -> String {
        let keys = evalKeys + trainingKeys
        guard !keys.isEmpty else { return "" }
        var out = "<section><h2>Metrics</h2>\n<table class=\"diff metrics\"><thead><tr><th>metric</th><th></th>\(runColumnHeads())</tr></thead><tbody>"
        for key in keys {
            let lower = RunData.lowerIsBetter(key)
            // losses and evaluations have a better direction; lr, grad_norm and the like do not
            let ranked = key.hasPrefix("eval/") || lower
            let last = runs.map { $0.last(key) }, best = runs.map { $0.best(key) }
            let rows = ranked ? 2 : 1
            out += "<tr class=\"first\"><th rowspan=\"\(rows)\"><code>\(HTML.escape(key))</code>"
            if ranked { out += "<br/><span class=\"muted\">\(lower ? "↓" : "↑") better</span>" }
            out += "</th><td class=\"muted\">last</td>"
            out += cells(last, lowerIsBetter: lower, ranked: ranked) + "</tr>"
            if ranked {
                out += "<tr><td class=\"muted\">best</td>" + cells(best, lowerIsBetter: lower, ranked: true) + "</tr>"
            }
        }
        return out + "</tbody></table></section>\n"
    }

    /// Table cells of (step, value) per run, the best marked ★ when `ranked` and not every run ties.
    private func cells(_ values: [(step: Int, value: Double)?], lowerIsBetter: Bool, ranked: Bool) -> String {
        let winners = ranked ? Self.winners(values.map { $0?.value }, lowerIsBetter: lowerIsBetter) : []
        return values.enumerated().map { i, v in
            guard let v else { return "<td class=\"num muted\">—</td>" }
            let win = winners.contains(i)
            return "<td class=\"num\(win ? " win" : "")\">\(win ? "★ " : "")\(ReportFormat.value(v.value))"
                + " <span class=\"muted\">@\(v.step)</span></td>"
        }.joined()
    }

    /// `<th>` per run: its line swatch and short name (full id on hover).
    func runColumnHeads() -> String {
        runs.indices.map { i in
            "<th class=\"run\" title=\"\(HTML.escape(runs[i].ref.description))\">\(styles[i].swatch)\(HTML.escape(shortNames[i]))</th>"
        }.joined()
    }
}
