import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
@testable import Runs

/// The HTML report: self-contained, every run named, sweep charts, escaping, well-formed markup.
@Suite struct ReportTests {
    /// A fresh folder per test, removed afterwards.
    let folder: TemporaryFolder
    var root: URL { folder.url }

    init() throws { folder = try TemporaryFolder(prefix: "wb-report") }

    /// Writes a finished run whose eval metric peaks at `quality`: loss components, lr, two evaluators.
    func makeRun(_ config: [String: JSONValue], quality: Double, steps: Int = 60, experiment: String = "sweep") throws -> RunData {
        let run = try Run.start(root: root, experiment: experiment, config: config, seed: 1, primaryMetric: "eval/dev/ndcg@10")
        for step in 1...steps {
            let p = Double(step) / Double(steps)
            let domain = 1.5 * exp(-3 * p) + 0.2, general = 0.1 * exp(-2 * p) + 0.03
            try run.log(step: step, epoch: p, ["loss": 0.5 * (domain + general), "loss/domain": domain, "loss/general": general,
                                               "lr": 2e-5 * (1 - p), "grad_norm": 1 + 0.1 * sin(Double(step))])
            if step % 10 == 0 {
                try run.log(step: step, ["eval/dev/ndcg@10": quality * (1 - exp(-4 * p)), "eval/stsb-dev/spearman_cosine": 0.8 + 0.01 * p])
            }
        }
        try run.finish()
        let store = RunStore(root: root)
        return try store.load(store.resolve(run.manifest.id))
    }

    /// A 3 × 2 sweep over temperature × alpha, best at temperature 0.05, alpha 0.4; one config string needs escaping.
    func sweep() throws -> [RunData] {
        var runs: [RunData] = []
        for t in [0.02, 0.05, 0.1] {
            for a in [0.4, 0.6] {
                let quality = 0.7 - abs(log10(t / 0.05)) * 0.2 - (a - 0.4) * 0.3
                runs.append(try makeRun(["temperature": .number(t), "alpha": .number(a), "lr": 2e-5,
                                         "note": "<b>τ & α</b> \"sweep\""], quality: quality))
            }
        }
        return runs
    }

    /// Parses the page as XML; returns the parser's error, nil when well-formed.
    static func xmlError(_ page: String) -> String? {
        let parser = XMLParser(data: Data(page.utf8))
        return parser.parse() ? nil : "\(parser.parserError.map { "\($0)" } ?? "unknown") at line \(parser.lineNumber)"
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func pageIsSelfContainedAndNamesEveryRun() throws {
        let runs = try sweep()
        let page = try HTMLReport(runs: runs).render()
        for external in ["http://", "https://", "src=", "href=", "<script", "@import", "url(", "<link", "<img"] {
            #expect(!page.contains(external), "the page must not reference \(external)")
        }
        for run in runs { #expect(page.contains(run.ref.id)) }
        #expect(page.contains("Runs of sweep"))
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
    }

    @Test func pageIsWellFormedXML() throws {
        let page = try HTMLReport(runs: try sweep()).render()
        #expect(Self.xmlError(page) == nil)
        #expect(Self.count("<svg", in: page) == Self.count("</svg>", in: page))
        #expect(Self.count("<svg", in: page) > 6)
    }

    @Test func twoKeySweepDrawsHeatMapWithBestCellMarked() throws {
        let runs = try sweep()
        let report = try HTMLReport(runs: runs)
        // temperature has more distinct values (3), so it runs across; alpha (2) runs down
        #expect(report.sweep.varyingKeys == ["alpha", "temperature"] && report.sweep.axes == ["temperature", "alpha"])
        let page = report.render()
        #expect(Self.count("class=\"chart heatmap\"", in: page) == 1)
        #expect(Self.count("class=\"best-mark\"", in: page) == 1)
        // the marked cell is the run with the highest ndcg: temperature 0.05, alpha 0.4
        let best = ReportFormat.value(0.7 * (1 - exp(-4.0)))
        #expect(page.contains("temperature=0.05, alpha=0.4: \(best) — best"))
        #expect(page.contains("★ best: <code>temperature=0.05</code>, <code>alpha=0.4</code> → \(best)"))
        let map = report.heatMap(metric: "eval/dev/ndcg@10", xKey: "temperature", yKey: "alpha")
        #expect(map.xValues == ["0.02", "0.05", "0.1"] && map.yValues == ["0.4", "0.6"])
        #expect(map.best?.row == 0 && map.best?.column == 1)
    }

    @Test func oneKeySweepDrawsBarChart() throws {
        let runs = try [0.02, 0.05, 0.1].map { t in
            try makeRun(["temperature": .number(t), "lr": 2e-5], quality: 0.7 - abs(log10(t / 0.05)) * 0.2)
        }
        let page = try HTMLReport(runs: runs).render()
        #expect(!page.contains("chart heatmap"))
        #expect(Self.count("class=\"chart bars\"", in: page) == 1)
        #expect(page.contains("★ best: <code>temperature=0.05</code>"))
        #expect(Self.xmlError(page) == nil)
    }

    @Test func curvesCoverLossComponentsLearningRateAndEachEvalKey() throws {
        let page = try HTMLReport(runs: try sweep()).render()
        for title in [">loss<", ">loss/domain<", ">loss/general<", ">learning rate (lr)<", ">grad_norm<",
                      ">dev/ndcg@10 (↑ better) · primary<", ">stsb-dev/spearman_cosine (↑ better)<"] {
            #expect(page.contains(title), "missing chart \(title)")
        }
        // one line per run in the loss chart: six runs → at least six polylines per training chart
        #expect(Self.count("<polyline", in: page) >= 6 * 7)
        #expect(page.contains(">2e-5<") || page.contains(">1e-5<"), "lr ticks in scientific form")
    }

    @Test func configTextIsEscaped() throws {
        let runs = try [0.3, 0.5].map { a in
            try makeRun(["alpha": .number(a), "note": .string(a == 0.3 ? "<script>alert('x')</script> & co" : "a \"b\" < c")],
                        quality: a)
        }
        let page = try HTMLReport(runs: runs, title: "<i>T&C</i>").render()
        #expect(!page.contains("<script") && !page.contains("<i>T&C"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
        #expect(page.contains("a &quot;b&quot; &lt; c"))
        #expect(page.contains("<title>&lt;i&gt;T&amp;C&lt;/i&gt;</title>"))
        #expect(Self.xmlError(page) == nil)
        #expect(HTML.escape("a\u{1}b") == "a\u{FFFD}b")
    }

    @Test func diffTableShowsDifferingConfigAndLastAndBestPerRun() throws {
        let runs = try sweep()
        let page = try HTMLReport(runs: runs).render()
        let config = page.components(separatedBy: "<h2>Configuration</h2>")[1].components(separatedBy: "</section>")[0]
        #expect(config.contains("<code>alpha</code>") && config.contains("<code>temperature</code>"))
        #expect(config.contains("2 settings shared by all runs"))   // lr and note
        let metrics = page.components(separatedBy: "<h2>Metrics</h2>")[1]
        #expect(Self.count("<td class=\"muted\">last</td>", in: metrics) == 7)
        #expect(Self.count("<td class=\"muted\">best</td>", in: metrics) == 5)   // not for lr and grad_norm
        #expect(Self.count("<td class=\"num win\">★ \(ReportFormat.value(0.7 * (1 - exp(-4.0)))) <span class=\"muted\">@60</span>", in: metrics) == 2)
        // every run has the same loss curve: a tie marks nobody
        let loss = metrics.components(separatedBy: "<code>loss</code>")[1].components(separatedBy: "<code>loss/domain</code>")[0]
        #expect(!loss.contains("★"))
    }

    @Test func headerShowsStatusDurationAndGit() throws {
        let run = try makeRun(["alpha": 0.5], quality: 0.5)
        let report = try HTMLReport(runs: [run])
        let page = report.render()
        #expect(page.contains("✓ finished"))
        #expect(page.contains(ReportFormat.git(run.manifest.git)))
        #expect(!page.contains("<h2>Sweep"))   // one run is no sweep
        #expect(Self.xmlError(page) == nil)
        #expect(ReportFormat.git(.init(commit: "0123456789abcdef0123456789abcdef01234567", dirty: true)) == "0123456+dirty")
        #expect(ReportFormat.duration(125) == "2m 05s" && ReportFormat.duration(3.25) == "3.2s")
    }

    @Test func nonFiniteValuesLeaveGapsNotBrokenCoordinates() throws {
        let run = try Run.start(root: root, experiment: "nan", config: [:], seed: nil)
        for step in 1...20 { try run.log(step: step, ["loss": step == 10 ? .nan : 1 / Double(step)]) }
        try run.finish()
        let store = RunStore(root: root)
        let page = try HTMLReport(runs: [try store.load(store.resolve(run.manifest.id))]).render()
        #expect(!page.lowercased().contains("nan,") && !page.contains("inf,"))
        #expect(Self.xmlError(page) == nil)
    }

    @Test func noRunsIsAnError() {
        #expect(throws: ReportError.noRuns) { try HTMLReport(runs: []) }
    }

    @Test func axisTicksAreRoundAndLabelledCompactly() {
        let loss = AxisScale(covering: [0.23, 1.71])
        #expect(loss.ticks == [0, 0.5, 1, 1.5, 2] && loss.label(0.5) == "0.5")
        let lr = AxisScale(covering: [0, 2e-5])
        #expect(lr.ticks.map(lr.label) == ["0", "5e-6", "1e-5", "1.5e-5", "2e-5"])
        let steps = AxisScale(covering: [0, 3], integer: true)
        #expect(steps.ticks == [0, 1, 2, 3])
        let flat = AxisScale(covering: [0.8, 0.8])
        #expect(flat.lower < 0.8 && flat.upper > 0.8)
        #expect(ReportFormat.value(0.81234) == "0.8123" && ReportFormat.value(2e-5) == "2e-5" && ReportFormat.value(nil) == "—")
    }

    @Test func runsSharingACellShowTheirBestAndCount() throws {
        var runs: [RunData] = []
        for (t, a, q) in [(0.05, 0.4, 0.6), (0.05, 0.4, 0.7), (0.1, 0.4, 0.5), (0.05, 0.6, 0.4)] {
            runs.append(try makeRun(["temperature": .number(t), "alpha": .number(a)], quality: q))
        }
        let report = try HTMLReport(runs: runs)
        let map = report.heatMap(metric: "eval/dev/ndcg@10", xKey: "alpha", yKey: "temperature")
        #expect(map.cells[0][0] == HeatMap.Cell(value: 0.7 * (1 - exp(-4.0)), count: 2))
        #expect(map.cells[1][1] == nil)   // no run has temperature 0.1, alpha 0.6
        let page = report.render()
        #expect(page.contains(">n=2</text>") && page.contains("class=\"empty\""))
        #expect(Self.xmlError(page) == nil)
    }

    @Test func longCurvesAreThinnedAndSmoothed() {
        let points = (0..<10).map { (x: Double($0), y: $0 == 5 ? 3.0 : 0.0) }
        let mean = LineChart.movingAverage(points, window: 3)
        #expect(mean.map(\.y) == [0, 0, 0, 0, 1, 1, 1, 0, 0, 0] && mean.map(\.x) == points.map(\.x))
        let thinned = LineChart.thin((0..<1001).map { (x: Double($0), y: 0.0) }, to: 100)
        #expect(thinned.count <= 101 && thinned.first?.x == 0 && thinned.last?.x == 1000)
        let chart = LineChart(title: "loss", series: [LineSeries(label: "a", style: .run(0), points: points)], smoothing: 3).svg()
        #expect(chart.contains("stroke-opacity=\"0.25\"") && chart.contains("mean of 3 points"))
    }
}
