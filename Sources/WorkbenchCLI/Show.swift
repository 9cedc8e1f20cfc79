import ArgumentParser
import Foundation
import Runs

/// `workbench show RUN`: the manifest in brief, final and best metrics, and the loss as a sparkline.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one run: manifest summary, final and best metrics, loss sparkline.")

    @Argument(help: "Run id (experiment/id, id, or a unique prefix) or the path of a run folder.") var id: String
    @OptionGroup var options: RunOptions
    @Flag(help: "Show every metric, not only each evaluator's primary metric and the summary metrics.") var all = false

    func run() throws {
        let r = try options.load(id)
        let m = r.manifest
        print("run        \(r.ref)")
        print("status     \(r.status)")
        if case .crashed(_, _, let evidence) = r.liveness { print("           the manifest says running, but \(evidence)") }
        let sofar = m.endTime == nil && !r.isCrashed ? " so far" : ""
        print("started    \(Manifest.dateFormatter().string(from: m.startTime))  (\(RunFormat.duration(r.duration))\(sofar))")
        print("seed       \(m.seed.map(String.init) ?? "-")")
        print("git        \(RunFormat.git(m.git))")
        print("host       \(m.host)\(m.pid.map { ", pid \($0)" } ?? "")\(m.blas.map { ", BLAS \($0.core) × \($0.threads) threads" } ?? "")")
        for (path, hash) in m.modelHashes.sorted(by: { $0.key < $1.key }) { print("model      \(path)  sha256 \(hash.prefix(12))…") }
        for (path, hash) in m.datasetHashes.sorted(by: { $0.key < $1.key }) { print("dataset    \(path)  sha256 \(hash.prefix(12))…") }
        print("\nconfig")
        for key in m.config.keys.sorted() { print("  \(key) = \(m.config[key]!.display)") }
        let everything = r.metricKeys.filter { $0 != "lr" }
        let headline = r.headlineMetrics
        let keys = all || headline.isEmpty ? everything : headline
        if !keys.isEmpty {
            print("")
            var table = TextTable(["metric", "last", "at step", "best", "at step"])
            for key in keys {
                table.add([key + (key == r.primaryMetric ? " *" : ""), RunFormat.value(r.last(key)?.value), r.last(key).map { "\($0.step)" } ?? "-",
                           RunFormat.value(r.best(key)?.value), r.best(key).map { "\($0.step)" } ?? "-"])
            }
            print(table.rendered)
            if keys.count < everything.count { print("(\(everything.count - keys.count) more metrics: --all)") }
        }
        let loss = r.series("loss").map(\.value)
        if !loss.isEmpty {
            print("\nloss  \(RunFormat.sparkline(loss))  \(RunFormat.value(loss.first)) → \(RunFormat.value(loss.last)) over \(loss.count) steps")
        }
        if !r.evaluators.isEmpty { print("\nper-query scores: \(r.evaluators.map { "eval/\($0).jsonl.zst" }.joined(separator: ", "))") }
    }
}
