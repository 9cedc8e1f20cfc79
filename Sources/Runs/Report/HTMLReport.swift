import Foundation

/// A self-contained HTML page comparing runs: header, sweep heat-map, loss and eval curves, config and metric diff.
///
/// ```swift
/// let store = RunStore(root: URL(fileURLWithPath: "runs"))
/// let runs = try store.runs(experiment: "legal-finetune").map { try store.load($0) }
/// try HTMLReport(runs: runs).render().write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
/// Charts are inline SVG drawn here; the page loads nothing (no scripts, fonts or images) and is well-formed XML,
/// so it opens offline and can be checked with an XML parser. Every text from a run is escaped.
public struct HTMLReport: Sendable {
    /// The runs, in the order given (their colours follow this order).
    public let runs: [RunData]
    /// The page title.
    public let title: String
    /// The metric the sweep and the runs table rank by: the runs' most common primary metric.
    public let primaryMetric: String?
    /// Lines shown above the leaderboard (a model selection's recommendation and its reasons).
    public let notes: [String]

    let sweep: Sweep
    /// Line style of each run.
    let styles: [SeriesStyle]
    /// Short names of the runs (id tails), for table columns.
    let shortNames: [String]
    /// Legend labels: short name plus the varying config values.
    let labels: [String]

    /// Prepares a report of `runs`; throws `.noRuns` for an empty list.
    public init(runs: [RunData], title: String? = nil, notes: [String] = []) throws(ReportError) {
        guard !runs.isEmpty else { throw .noRuns }
        self.runs = runs
        self.notes = notes
        let experiments = Self.unique(runs.map(\.ref.experiment))
        self.title = title ?? "Runs of \(experiments.joined(separator: ", "))"
        let primaries = runs.compactMap(\.primaryMetric)
        primaryMetric = Self.unique(primaries).max { a, b in
            primaries.count { $0 == a } < primaries.count { $0 == b }   // most common; the first on ties
        }
        sweep = Sweep(runs)
        styles = runs.indices.map(SeriesStyle.run)
        let tails = runs.map { String($0.ref.id.suffix(6)) }
        let names = Set(tails).count == tails.count ? tails : runs.map(\.ref.id)
        shortNames = experiments.count > 1 ? zip(runs, names).map { "\($0.ref.experiment)/\($1)" } : names
        let shown = Array(sweep.varyingKeys.prefix(3))
        labels = zip(runs, shortNames).map { run, name in
            ([name] + shown.map { "\($0)=\(Sweep.label(run.manifest.config[$0]))" }).joined(separator: "  ")
        }
    }

    /// The whole page.
    public func render() -> String {
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
        page += "<title>\(HTML.escape(title))</title><style>\(Self.css)</style></head>\n<body>\n"
        page += headerSection()
        page += leaderboardSection()
        page += sweepSection()
        page += trainingSection()
        page += evaluationSection()
        page += configSection()
        page += metricsSection()
        page += "<footer>Made by <code>workbench report</code>. Charts are inline SVG; hover a line or cell for its run.</footer>\n"
        return page + "</body></html>\n"
    }

    /// The legend of run colours, shown above each group of charts.
    func legend() -> String {
        "<div class=\"legend\">" + zip(styles, labels).map { style, label in
            "<span class=\"item\">\(style.swatch)\(HTML.escape(label))</span>"
        }.joined() + "</div>\n"
    }

    /// `values` without repeats, in first-seen order.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Whether higher values of `metric` are better, in words.
    static func direction(_ metric: String) -> String {
        RunData.lowerIsBetter(metric) ? "lower is better" : "higher is better"
    }
}
