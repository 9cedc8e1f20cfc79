import ArgumentParser
import Foundation
import Runs
import Workbench

/// `workbench diff A B`: what differs in config, how the metrics moved, and whether per-query gains are significant.
///
/// The comparison itself is `RunComparison` (in `Workbench`); this command prints it as text or, with `--json`, its encoding.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs: config differences, metric deltas (last and best), paired significance of per-query scores.",
        discussion: "Per-query scores (eval/<evaluator>.jsonl.zst) at each run's last evaluation are paired by query id; "
            + "the test is a paired sign-flip permutation test (exact up to 20 queries) with a 95% bootstrap interval of the mean difference B − A.")

    @Argument(help: "The baseline run (id, unique prefix, or run folder path).") var a: String
    @Argument(help: "The run compared with it.") var b: String
    @OptionGroup var options: RunOptions
    @Flag(help: "Machine-readable output.") var json = false
    @Option(help: "Significance level.") var alpha = 0.05
    @Flag(help: "Show every metric and every per-query field, not only the primary and summary metrics.") var all = false

    func run() throws {
        let ra = try options.load(a), rb = try options.load(b)
        let comparison: RunComparison
        do { comparison = try RunComparison(ra, rb, alpha: alpha) } catch { throw CLIError(error.description) }
        for w in comparison.readWarnings + comparison.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(comparison), as: UTF8.self))
        } else {
            print(text(comparison))
        }
    }

    private func text(_ c: RunComparison) -> String {
        var out = "A  \(c.a.ref)  (\(c.a.status), \(RunFormat.duration(c.a.duration)))\n"
        out += "B  \(c.b.ref)  (\(c.b.status), \(RunFormat.duration(c.b.duration)))\n"
        out += "\nconfig differences\n"
        if c.configDifferences.isEmpty {
            out += "  (none)\n"
        } else {
            var t = TextTable(["  key", "A", "B"])
            for key in c.configDifferences.keys.sorted() {
                let d = c.configDifferences[key]!
                t.add(["  " + key, d.a.display, d.b.display])
            }
            out += t.rendered + "\n"
        }
        out += "\nmetrics\n"
        var t = TextTable(["  metric", "A last", "B last", "Δ last", "A best", "B best", "Δ best"])
        let everything = c.metricDeltas.keys.sorted().filter { $0 != "lr" }
        var headline = c.a.headlineMetrics
        for k in c.b.headlineMetrics where !headline.contains(k) { headline.append(k) }
        let keys = all || headline.isEmpty ? everything : headline
        for key in keys {
            let m = c.metricDeltas[key]!
            t.add(["  " + key, RunFormat.value(m.lastA), RunFormat.value(m.lastB), m.deltaLast.map(RunFormat.delta) ?? "-",
                   RunFormat.value(m.bestA), RunFormat.value(m.bestB), m.deltaBest.map(RunFormat.delta) ?? "-"])
        }
        out += t.rendered + "\n"
        if keys.count < everything.count { out += "  (\(everything.count - keys.count) more metrics: --all)\n" }
        // per-query fields named like a headline metric (`eval/<evaluator>/<metric>` → evaluator, metric)
        let headlineFields = Set(headline.compactMap { key -> String? in
            let parts = key.split(separator: "/", maxSplits: 2)
            return parts.count == 3 ? "\(parts[1])/\(parts[2])" : nil
        })
        let tests = all ? c.significance : c.significance.filter { headlineFields.contains("\($0.evaluator)/\($0.metric)") }
        if !tests.isEmpty {
            out += "\nper-query scores, paired (B − A)\n"
            for s in tests {
                out += "  \(s.evaluator) \(s.metric) (n=\(s.comparison.n), steps \(s.stepA) vs \(s.stepB)): \(s.comparison.summary(alpha: c.alpha))\n"
            }
        }
        return out.trimmingTrailingSpaces()
    }
}
