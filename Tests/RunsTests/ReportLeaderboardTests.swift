import Foundation
import Testing
import TestSupport
@testable import Runs

/// The report's leaderboard of evaluation runs and its Matryoshka charts (one chart per metric, a line per width).
@Suite struct ReportLeaderboardTests {
    let folder: TemporaryFolder
    var root: URL { folder.url }

    init() throws { folder = try TemporaryFolder(prefix: "wb-leaderboard") }

    func load(_ run: Run) throws -> RunData {
        let store = RunStore(root: root)
        return try store.load(store.resolve(run.manifest.id))
    }

    /// An evaluation run as `workbench eval` / a model selection writes it: step-0 suite means, per-width averages,
    /// a task's primary metric at each width, and (with `speed`) the selection's measurements.
    func evalRun(model: String, average: Double, speed: Double?) throws -> RunData {
        let run = try Run.start(root: root, experiment: "eval", config: ["model": .string(model), "suite": "legal-zh",
                                                                          "dims": .array([.number(256), .number(128)])],
                                seed: nil, primaryMetric: "suite/average")
        var m: [String: Double] = ["suite/average": average, "suite/average@256": average - 0.01, "suite/average@128": average - 0.05,
                                   "suite/retrieval": average + 0.1, "suite/clustering": average - 0.1, "model/dimension": 384,
                                   "eval/legal-test/cosine_ndcg@10": average + 0.1, "eval/legal-test/cosine_ndcg@10@256": average + 0.09,
                                   "eval/legal-test/cosine_ndcg@10@128": average + 0.05]
        if let speed {
            m["encode/sentences_per_second"] = speed
            m["encode/peak_rss_mib"] = 612
            m["model/parameters"] = 117_653_760
            m["storage/fp32_gb_per_million"] = 1.536
        }
        try run.log(step: 0, m)
        try run.finish()
        return try load(run)
    }

    @Test func leaderboardRanksEvaluationRunsAndShowsMeasurementsAndNotes() throws {
        let weak = try evalRun(model: "models/weak", average: 0.31, speed: 90)
        let strong = try evalRun(model: "models/<strong>", average: 0.45, speed: 30)
        let page = try HTMLReport(runs: [weak, strong], notes: ["1. API acceptable? yes", "4. Best → models/<strong>"]).render()
        #expect(ReportTests.xmlError(page) == nil)
        let head = try #require(page.range(of: "<h2>Leaderboard</h2>"))
        let board = String(page[head.lowerBound...].prefix(while: { _ in true }))
        let end = try #require(board.range(of: "</section>"))
        let section = String(board[..<end.lowerBound])
        let first = try #require(section.range(of: "models/&lt;strong&gt;")), second = try #require(section.range(of: "models/weak"))
        #expect(first.lowerBound < second.lowerBound, "best average first")
        for heading in ["average", "Retrieval", "Clustering", "dims", "params", "sentences/s", "peak MiB", "GB per 1M (fp32)"] {
            #expect(section.contains(">\(heading)</th>"), "column \(heading)")
        }
        #expect(section.contains("117.7M") && section.contains(">90.0<") && section.contains(">1.54<"))
        #expect(section.contains("4. Best → models/&lt;strong&gt;"))
        #expect(section.contains("legal-zh: average by Matryoshka width"))
        // suite means are leaderboard figures, not training curves
        #expect(!page.contains("aria-label=\"suite/average\""))
        #expect(!page.contains("<h2>Training curves</h2>") || page.contains("No training metrics were logged"))
    }

    @Test func evaluationOnlyRunsChartAMetricAgainstWidth() throws {
        let page = try HTMLReport(runs: [try evalRun(model: "a", average: 0.4, speed: nil), try evalRun(model: "b", average: 0.5, speed: nil)]).render()
        #expect(ReportTests.xmlError(page) == nil)
        // one chart for cosine_ndcg@10 with its widths, none for the @256 / @128 variants on their own
        #expect(ReportTests.count("aria-label=\"legal-test/cosine_ndcg@10 by width (↑ better)", in: page) == 1)
        #expect(!page.contains("aria-label=\"legal-test/cosine_ndcg@10@256"))
        #expect(page.contains(">dimensions (Matryoshka prefix)<"))
    }

    @Test func trainingRunChartsEachWidthAsALineOverSteps() throws {
        let run = try Run.start(root: root, experiment: "legal-finetune", config: ["dims": .array([384, 256, 64].map { .number($0) })], seed: 1)
        for step in [0, 25, 50] {
            let q = 0.5 + Double(step) / 500
            try run.log(step: step, ["eval/legal-dev/cosine_ndcg@10": q, "eval/legal-dev/cosine_ndcg@10@256": q - 0.01,
                                     "eval/legal-dev/cosine_ndcg@10@64": q - 0.1, "eval/legal-dev/cosine_recall@10": q + 0.2])
        }
        try run.log(step: 50, ["loss": 0.5])
        try run.finish()
        let page = try HTMLReport(runs: [try load(run)]).render()
        #expect(ReportTests.xmlError(page) == nil)
        let title = "aria-label=\"legal-dev/cosine_ndcg@10 by width (↑ better)"
        let start = try #require(page.range(of: title), "the chart of cosine_ndcg@10 by width")
        let chart = String(page[start.lowerBound...])
        let svg = String(chart[..<(try #require(chart.range(of: "</svg>"))).lowerBound])
        #expect(ReportTests.count("<polyline", in: svg) == 3, "full, 256-d and 64-d")
        #expect(chart.contains(">full</span>") && chart.contains(">256-d</span>") && chart.contains(">64-d</span>"))
        #expect(!page.contains("aria-label=\"legal-dev/cosine_ndcg@10@256"))
        // cosine_recall@10 has no cosine_recall: an ordinary metric, its own chart
        #expect(page.contains("aria-label=\"legal-dev/cosine_recall@10 (↑ better)\""))
    }
}
