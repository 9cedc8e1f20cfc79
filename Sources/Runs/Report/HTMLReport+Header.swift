extension HTMLReport {
    /// Title, summary line, one row per run (id, experiment, status, duration, git, best primary value) and read warnings.
    func headerSection() -> String {
        var out = "<header><h1>\(HTML.escape(title))</h1><p class=\"sub\">\(runs.count) run\(runs.count == 1 ? "" : "s")"
        if let primaryMetric {
            out += " · primary metric <code>\(HTML.escape(primaryMetric))</code> (\(Self.direction(primaryMetric)))"
        }
        if !sweep.varyingKeys.isEmpty {
            out += " · varying: " + sweep.varyingKeys.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")
        }
        out += "</p></header>\n<table class=\"runs\"><thead><tr><th></th><th>run</th><th>experiment</th><th>status</th>"
        out += "<th>started</th><th>duration</th><th>git</th><th>seed</th><th class=\"num\">steps</th>"
        if let primaryMetric { out += "<th class=\"num\">best \(HTML.escape(primaryMetric))</th>" }
        out += "</tr></thead><tbody>"
        let winners = primaryMetric.map { metric in
            Self.winners(runs.map { $0.best(metric)?.value }, lowerIsBetter: RunData.lowerIsBetter(metric))
        } ?? []
        for (i, run) in runs.enumerated() {
            let m = run.manifest
            let status: String
            switch m.status {
            case .finished: status = "<span class=\"status ok\">✓ finished</span>"
            case .running where run.isCrashed: status = "<span class=\"status bad\">✗ \(HTML.escape(run.status))</span>"
            case .running: status = "<span class=\"status running\">● running</span>"
            case .killed: status = "<span class=\"status bad\">■ killed</span>"
            case .failed(let why): status = "<span class=\"status bad\">✗ failed: \(HTML.escape(why))</span>"
            }
            let steps = run.metrics.compactMap(\.step).max()
            out += "<tr><td>\(styles[i].swatch)</td><td><code>\(HTML.escape(run.ref.id))</code></td>"
            out += "<td>\(HTML.escape(run.ref.experiment))</td><td>\(status)</td><td>\(ReportFormat.date(m.startTime))</td>"
            out += "<td>\(ReportFormat.duration(run.duration))\(m.endTime == nil && !run.isCrashed ? " so far" : "")</td>"
            out += "<td><code>\(HTML.escape(ReportFormat.git(m.git)))</code></td><td>\(m.seed.map(String.init) ?? "—")</td>"
            out += "<td class=\"num\">\(steps.map(String.init) ?? "—")</td>"
            if let primaryMetric {
                let best = run.best(primaryMetric)
                let win = winners.contains(i)
                out += "<td class=\"num\(win ? " win" : "")\">\(win ? "★ " : "")\(ReportFormat.value(best?.value))"
                out += best.map { " <span class=\"muted\">@\($0.step)</span>" } ?? ""
                out += "</td>"
            }
            out += "</tr>"
        }
        out += "</tbody></table>\n"
        let warnings = runs.flatMap { run in run.warnings.map { (run.ref.id, $0) } }
        if !warnings.isEmpty {
            out += "<div class=\"warnings\"><strong>Read warnings</strong><ul>"
            out += warnings.map { "<li><code>\(HTML.escape($0.0))</code>: \(HTML.escape($0.1))</li>" }.joined()
            out += "</ul></div>\n"
        }
        return out
    }

    /// The runs holding the best finite value; none when every run ties (nothing stands out) or there is only one.
    static func winners(_ values: [Double?], lowerIsBetter: Bool) -> Set<Int> {
        guard let b = bestIndex(values, lowerIsBetter: lowerIsBetter), let best = values[b] else { return [] }
        let finite = values.indices.filter { values[$0].map(\.isFinite) ?? false }
        let tied = Set(finite.filter { values[$0] == best })
        return tied.count == finite.count ? [] : tied
    }

    /// Index of the best finite value (the first, on ties), nil when there is none.
    static func bestIndex(_ values: [Double?], lowerIsBetter: Bool) -> Int? {
        var found: (index: Int, value: Double)?
        for (i, v) in values.enumerated() {
            guard let v, v.isFinite else { continue }
            if found == nil || (lowerIsBetter ? v < found!.value : v > found!.value) { found = (i, v) }
        }
        return found?.index
    }
}
