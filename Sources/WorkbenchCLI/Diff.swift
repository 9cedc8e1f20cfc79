import ArgumentParser
import Evaluation
import Foundation
import Runs

/// `workbench diff A B`: what differs in config, how the metrics moved, and whether per-query gains are significant.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs: config differences, metric deltas (last and best), paired significance of per-query scores.",
        discussion: "Per-query scores (eval/<evaluator>.jsonl.zst) at each run's last evaluation are paired by query id; "
            + "the test is a paired sign-flip permutation test (exact up to 20 queries) with a 95% bootstrap interval of the mean difference B − A.")

    @Argument(help: "The baseline run.") var a: String
    @Argument(help: "The run compared with it.") var b: String
    @OptionGroup var options: RunOptions
    @Flag(help: "Machine-readable output.") var json = false
    @Option(help: "Significance level.") var alpha = 0.05

    struct Report: Encodable {
        var a: String, b: String
        var warnings: [String]
        var config: [String: [JSONValue]]
        var metrics: [String: MetricDelta]
        var significance: [Significance]
    }
    struct MetricDelta: Encodable {
        var last: [Double?]
        var best: [Double?]
        var deltaLast: Double?
        var deltaBest: Double?
    }
    struct Significance: Encodable {
        var evaluator: String
        var metric: String
        var steps: [Int]
        var comparison: PairedComparison
        var significant: Bool
    }

    func run() throws {
        let ra = try options.load(a), rb = try options.load(b)
        var warnings: [String] = []
        if ra.manifest.experiment != rb.manifest.experiment {
            warnings.append("comparing runs of different experiments (\(ra.manifest.experiment) vs \(rb.manifest.experiment))")
        }
        let keys = Set(ra.manifest.config.keys).union(rb.manifest.config.keys).sorted()
        var config: [String: [JSONValue]] = [:]
        for key in keys where ra.manifest.config[key] != rb.manifest.config[key] {
            config[key] = [ra.manifest.config[key] ?? .null, rb.manifest.config[key] ?? .null]
        }
        var metrics: [String: MetricDelta] = [:]
        for key in Set(ra.metricKeys).union(rb.metricKeys).sorted() {
            let la = ra.last(key)?.value, lb = rb.last(key)?.value, ba = ra.best(key)?.value, bb = rb.best(key)?.value
            metrics[key] = MetricDelta(last: [la, lb], best: [ba, bb], deltaLast: la.flatMap { x in lb.map { $0 - x } },
                                       deltaBest: ba.flatMap { x in bb.map { $0 - x } })
        }
        var significance: [Significance] = []
        for evaluator in Set(ra.evaluators).intersection(rb.evaluators).sorted() {
            do {
                significance += try compare(evaluator, ra, rb)
            } catch let error as SignificanceError {
                warnings.append("eval/\(evaluator): \(error)")
            }
        }
        for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        let report = Report(a: ra.ref.description, b: rb.ref.description, warnings: warnings, config: config, metrics: metrics,
                            significance: significance)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(text(report, ra, rb))
        }
    }

    /// Paired tests of every numeric per-query field of one evaluator, at each run's last evaluation.
    private func compare(_ evaluator: String, _ ra: RunData, _ rb: RunData) throws -> [Significance] {
        let (rowsA, wa) = try ra.evalRows(evaluator), (rowsB, wb) = try rb.evalRows(evaluator)
        for w in wa + wb { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        let stepA = rowsA.first?["step"]?.double.map { Int($0) } ?? 0, stepB = rowsB.first?["step"]?.double.map { Int($0) } ?? 0
        let idKey = ["query_id", "pair_id", "id"].first { k in rowsA.first?[k] != nil && rowsB.first?[k] != nil }
        var pairs: [([String: JSONValue], [String: JSONValue])] = []
        if let idKey {
            let byID = Dictionary(rowsB.map { ($0[idKey]!.display, $0) }, uniquingKeysWith: { first, _ in first })
            pairs = rowsA.compactMap { row in byID[row[idKey]?.display ?? ""].map { (row, $0) } }
        } else if rowsA.count == rowsB.count {
            pairs = Array(zip(rowsA, rowsB))
        }
        let fields = Set(rowsA.flatMap { $0.compactMap { $0.value.double == nil ? nil : $0.key } }).subtracting(["step"]).sorted()
        return try fields.map { field in
            let a = pairs.compactMap { $0.0[field]?.double }, b = pairs.compactMap { $0.1[field]?.double }
            let comparison = try PairedComparison(a: a, b: b)
            return Significance(evaluator: evaluator, metric: field, steps: [stepA, stepB], comparison: comparison,
                                significant: comparison.isSignificant(alpha: alpha))
        }
    }

    private func text(_ report: Report, _ ra: RunData, _ rb: RunData) -> String {
        var out = "A  \(ra.ref)  (\(ra.manifest.status), \(RunFormat.duration(ra.manifest.duration)))\n"
        out += "B  \(rb.ref)  (\(rb.manifest.status), \(RunFormat.duration(rb.manifest.duration)))\n"
        out += "\nconfig differences\n"
        if report.config.isEmpty {
            out += "  (none)\n"
        } else {
            var t = TextTable(["  key", "A", "B"])
            for key in report.config.keys.sorted() { t.add(["  " + key] + report.config[key]!.map(\.display)) }
            out += t.rendered + "\n"
        }
        out += "\nmetrics\n"
        var t = TextTable(["  metric", "A last", "B last", "Δ last", "A best", "B best", "Δ best"])
        for key in report.metrics.keys.sorted() where key != "lr" {
            let m = report.metrics[key]!
            t.add(["  " + key, RunFormat.value(m.last[0]), RunFormat.value(m.last[1]), m.deltaLast.map(RunFormat.delta) ?? "-",
                   RunFormat.value(m.best[0]), RunFormat.value(m.best[1]), m.deltaBest.map(RunFormat.delta) ?? "-"])
        }
        out += t.rendered + "\n"
        if !report.significance.isEmpty {
            out += "\nper-query scores, paired (B − A)\n"
            for s in report.significance {
                out += "  \(s.evaluator) \(s.metric) (n=\(s.comparison.n), steps \(s.steps[0]) vs \(s.steps[1])): \(s.comparison.summary(alpha: alpha))\n"
            }
        }
        return out.trimmingTrailingSpaces()
    }
}
