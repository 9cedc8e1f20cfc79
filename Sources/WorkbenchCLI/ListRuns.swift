import ArgumentParser
import Foundation
import Runs
import Workbench

/// `workbench runs [EXPERIMENT]`: a table of runs with the hyper-parameters that differ between them.
///
/// A run whose manifest says running but whose writer is gone shows as `crashed at step N, last heartbeat T`; with
/// Slurm, a run's array task must still be queued for it to count as running, and cells submitted to Slurm that
/// have not started yet show as `pending (Slurm <job>_<task>)` (`SlurmQueueView`).
struct ListRuns: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List runs: id, status, the hyper-parameters that differ, primary metric best/last, duration.")

    enum SortKey: String, ExpressibleByArgument, CaseIterable { case time, metric, duration }

    @Argument(help: "Only this experiment.") var experiment: String?
    @OptionGroup var options: RunOptions
    @Option(help: "Only runs whose status starts with this (running, finished, failed, killed, crashed).") var status: String?
    @Option(help: "Only runs whose config has key=value (repeatable).") var filter: [String] = []
    @Option(help: "Sort by time, metric (best first) or duration.") var sort: SortKey = .time
    @Option(help: "Show at most this many runs (the last ones after sorting).") var limit: Int?

    func run() throws {
        let store = options.store
        let root = URL(fileURLWithPath: options.root)
        // experiments with runs, and those with cells submitted to Slurm that have not started yet
        let folders = experiment.map { [$0] } ?? ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
        let submissions = folders.flatMap { SlurmSubmission.all(root: root, experiment: $0) }
        if let experiment, !store.experiments().contains(experiment), submissions.isEmpty {
            let known = store.experiments()
            throw CLIError("no experiment '\(experiment)' under \(options.root)/" + (known.isEmpty ? "" : " (experiments: \(known.joined(separator: ", ")))"))
        }
        var loaded: [RunData] = []
        var unreadable: [String] = []
        for ref in store.runs(experiment: experiment) {
            do { loaded.append(try store.load(ref)) } catch { unreadable.append("\(ref): \(error)") }
        }
        for w in unreadable { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        let filters = try filter.map { f -> (String, String) in
            let p = f.split(separator: "=", maxSplits: 1).map(String.init)
            guard p.count == 2 else { throw CLIError("--filter \(f): expected key=value") }
            return (p[0], p[1])
        }
        let queue = SlurmQueueView(submissions: submissions, runs: loaded)
        var runs = loaded.filter { r in
            (status.map { (queue?.status(of: r) ?? r.status).hasPrefix($0) } ?? true)
                && filters.allSatisfy { key, value in r.manifest.config[key]?.display == value }
        }
        guard !runs.isEmpty || !(queue?.queuedCells.isEmpty ?? true) else {
            print(loaded.isEmpty ? "no runs under \(options.root)/\(experiment.map { "\($0)/" } ?? "")" : "no runs match")
            return
        }
        switch sort {
        case .time: break
        case .duration: runs.sort { $0.duration < $1.duration }
        case .metric:
            runs.sort { a, b in
                let key = a.primaryMetric ?? ""
                let (x, y) = (a.best(key)?.value ?? -.infinity, b.best(b.primaryMetric ?? "")?.value ?? -.infinity)
                return RunData.lowerIsBetter(key) ? x > y : x < y  // best last, next to the prompt
            }
        }
        if let limit { runs = Array(runs.suffix(limit)) }
        let configs: [[String: JSONValue]] = runs.map { $0.manifest.config } + (queue?.queuedCells.map { $0.config } ?? [])
        let keys = Set(configs.flatMap { $0.keys })
        let varying = keys.filter { key in Set(configs.map { $0[key] ?? JSONValue.null }).count > 1 }.sorted()
        let metrics = Set(runs.compactMap(\.primaryMetric))
        let metricHeader = metrics.count == 1 ? metrics.first! : "primary metric"
        var table = TextTable(["run", "status"] + varying + ["\(metricHeader) best", "last", "duration"])
        for r in runs {
            let key = r.primaryMetric ?? ""
            table.add([experiment == nil ? r.ref.description : r.ref.id, queue?.status(of: r) ?? r.status]
                      + varying.map { r.manifest.config[$0]?.display ?? "-" }
                      + [RunFormat.value(r.best(key)?.value), RunFormat.value(r.last(key)?.value), RunFormat.duration(r.duration)])
        }
        // cells handed to Slurm that have not started a run yet
        for cell in queue?.queuedCells ?? [] where status.map({ cell.state.hasPrefix($0) }) ?? true {
            table.add([experiment == nil ? "\(cell.experiment)/-" : "-", "\(cell.state) (Slurm \(cell.spec))"]
                      + varying.map { cell.config[$0]?.display ?? "-" } + ["-", "-", "-"])
        }
        print(table.rendered)
    }
}
