import ArgumentParser
import Foundation
import Runs

/// `workbench compare RUN… | --experiment NAME`: one row per run, one column per metric; a pivot for sweeps.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare runs side by side; for a sweep, a pivot table of the primary metric with the best cell marked.",
        discussion: "With two varying hyper-parameters (or --rows/--cols), the pivot shows each cell's best value of the metric; * marks the best cell.")

    @Argument(help: "Runs to compare (ids, unique prefixes or run folder paths).") var runs: [String] = []
    @Option(help: "All runs of this experiment.") var experiment: String?
    @OptionGroup var options: RunOptions
    @Option(help: "The metric for the pivot (default: the runs' primary metric).") var metric: String?
    @Option(help: "Pivot rows: a config key.") var rows: String?
    @Option(help: "Pivot columns: a config key.") var cols: String?
    @Flag(help: "Use each run's best value instead of its last.") var best = false
    @Flag(help: "Comma-separated output.") var csv = false

    func validate() throws {
        if runs.isEmpty && experiment == nil { throw ValidationError("give run ids or --experiment NAME") }
    }

    func run() throws {
        var loaded = try runs.map { try options.load($0) }
        if let experiment {
            let refs = options.store.runs(experiment: experiment)
            guard !refs.isEmpty else { throw CLIError("no runs of experiment '\(experiment)' under \(options.root)/") }
            loaded += try refs.map { try options.load($0.description) }
        }
        let varying = RunData.varyingConfigKeys(loaded)
        let metricKeys = Set(loaded.flatMap(\.metricKeys)).subtracting(["lr"]).sorted()
        var table = TextTable(["run"] + varying + metricKeys)
        for r in loaded {
            table.add([r.ref.id] + varying.map { r.manifest.config[$0]?.display ?? "-" }
                      + metricKeys.map { RunFormat.value(best ? r.best($0)?.value : r.last($0)?.value) })
        }
        print(csv ? table.csv : table.rendered)

        guard let key = metric ?? loaded.first?.primaryMetric else { return }
        let distinct = { (key: String) in Set(loaded.map { $0.manifest.config[key] ?? .null }).count }
        let candidates = varying.sorted { distinct($0) > distinct($1) }
        guard let rowKey = rows ?? candidates.first, let colKey = cols ?? candidates.dropFirst().first(where: { $0 != rowKey }) else { return }
        print("\n" + pivot(loaded, metric: key, rowKey: rowKey, colKey: colKey))
    }

    /// Rows × columns of config values → the best value of `metric` among the runs in each cell.
    private func pivot(_ runs: [RunData], metric: String, rowKey: String, colKey: String) -> String {
        func sortKey(_ v: JSONValue) -> (Double, String) { (v.double ?? .infinity, v.display) }
        let rowValues = Set(runs.map { $0.manifest.config[rowKey] ?? .null }).sorted { sortKey($0) < sortKey($1) }
        let colValues = Set(runs.map { $0.manifest.config[colKey] ?? .null }).sorted { sortKey($0) < sortKey($1) }
        let lower = RunData.lowerIsBetter(metric)
        func better(_ x: Double, _ y: Double) -> Bool { lower ? x < y : x > y }
        var cells: [[Double?]] = []
        for rv in rowValues {
            cells.append(colValues.map { cv in
                runs.filter { ($0.manifest.config[rowKey] ?? .null) == rv && ($0.manifest.config[colKey] ?? .null) == cv }
                    .compactMap { $0.best(metric)?.value }
                    .reduce(nil) { acc, v in acc.map { better(v, $0) ? v : $0 } ?? v }
            })
        }
        let bestValue = cells.flatMap { $0 }.compactMap { $0 }.reduce(nil) { (acc: Double?, v) in acc.map { better(v, $0) ? v : $0 } ?? v }
        var table = TextTable(["\(rowKey) \\ \(colKey)"] + colValues.map(\.display))
        for (i, rv) in rowValues.enumerated() {
            table.add([rv.display] + cells[i].map { v in v.map { RunFormat.value($0) + ($0 == bestValue ? " *" : "") } ?? "-" })
        }
        return "\(metric) (best per run; * = best cell)\n" + (csv ? table.csv : table.rendered)
    }
}
