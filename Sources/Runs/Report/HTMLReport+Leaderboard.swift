extension HTMLReport {
    /// Key prefixes of an evaluation run's summary and of a model selection's measurements: shown in the
    /// leaderboard, not as training curves.
    static let leaderboardPrefixes = ["suite/", "encode/", "model/", "storage/"]

    /// The task types in MTEB's order, as `suite/<type>` keys name them, with their column headings.
    static let suiteTypes: [(key: String, title: String)] = [
        ("sts", "STS"), ("retrieval", "Retrieval"), ("reranking", "Reranking"), ("pair-classification", "PairClassification"),
        ("classification", "Classification"), ("clustering", "Clustering"),
    ]

    /// The measurement columns of a model selection, when any run logged them: key, heading, format.
    static let measurementColumns: [(key: String, title: String, format: @Sendable (Double) -> String)] = [
        ("model/layers", "layers", { String(Int($0)) }),
        ("model/dimension", "dims", { String(Int($0)) }),
        ("model/parameters", "params", { ReportFormat.fixed($0 / 1e6, 1) + "M" }),
        ("encode/sentences_per_second", "sentences/s", { ReportFormat.fixed($0, 1) }),
        ("encode/peak_rss_mib", "peak MiB", { ReportFormat.fixed($0, 0) }),
        ("storage/fp32_gb_per_million", "GB per 1M (fp32)", { ReportFormat.fixed($0, 2) }),
    ]

    /// Evaluation runs (those that logged `suite/average`), grouped by their suite, in first-seen order.
    var leaderboardGroups: [(suite: String, runs: [Int])] {
        var groups: [(suite: String, runs: [Int])] = []
        for i in runs.indices where runs[i].last("suite/average") != nil {
            let suite = Sweep.label(runs[i].manifest.config["suite"])
            if let g = groups.firstIndex(where: { $0.suite == suite }) { groups[g].runs.append(i) } else { groups.append((suite, [i])) }
        }
        return groups
    }

    /// A leaderboard per suite (runs by average, best first: each type's mean, then speed, memory and storage
    /// where measured), the recommendation `notes`, and the Matryoshka chart of the suite average by width.
    func leaderboardSection() -> String {
        let groups = leaderboardGroups
        guard !groups.isEmpty else { return "" }
        var out = "<section><h2>Leaderboard</h2>\n"
        if !notes.isEmpty {
            out += "<div class=\"warnings\"><strong>Recommendation</strong><ul>"
                + notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></div>\n"
        }
        for group in groups {
            let ranked = group.runs.sorted { (runs[$0].last("suite/average")?.value ?? -.infinity) > (runs[$1].last("suite/average")?.value ?? -.infinity) }
            let types = Self.suiteTypes.filter { t in ranked.contains { runs[$0].last("suite/\(t.key)") != nil } }
            let measured = Self.measurementColumns.filter { c in ranked.contains { runs[$0].last(c.key) != nil } }
            out += "<h3>suite <code>\(HTML.escape(group.suite))</code></h3>\n<table class=\"leaderboard\"><thead><tr><th>#</th><th>model</th>"
                + "<th class=\"num\">average</th>" + types.map { "<th class=\"num\">\(HTML.escape($0.title))</th>" }.joined()
                + measured.map { "<th class=\"num\">\(HTML.escape($0.title))</th>" }.joined() + "</tr></thead><tbody>"
            for (rank, i) in ranked.enumerated() {
                let r = runs[i]
                let model = r.manifest.config["model_spec"] ?? r.manifest.config["model"]
                out += "<tr><td class=\"num\">\(rank + 1)</td><th title=\"\(HTML.escape(r.ref.description))\">\(styles[i].swatch)"
                    + "\(HTML.escape(Sweep.label(model)))</th>"
                out += (["suite/average"] + types.map { "suite/\($0.key)" }).map { key in
                    let win = rank == 0 && key == "suite/average"
                    return "<td class=\"num\(win ? " win" : "")\">\(r.last(key).map { ReportFormat.value($0.value) } ?? "—")</td>"
                }.joined()
                out += measured.map { c in "<td class=\"num\">\(r.last(c.key).map { c.format($0.value) } ?? "—")</td>" }.joined() + "</tr>"
            }
            out += "</tbody></table>\n"
            out += "<div class=\"charts\">" + widthChart("suite/average", title: "\(group.suite): average by Matryoshka width (↑ better)",
                                                         runs: ranked, width: 568, height: 260) + "</div>\n"
        }
        return out + "</section>\n"
    }
}
