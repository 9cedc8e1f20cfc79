import ArgumentParser
import Evaluation
import Foundation
import Runs
import Workbench

/// `workbench eval --model M[,M2…] --suite S`: one evaluation run per model and a table of the suite's means.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score models on an evaluation suite (or one task from your files); one run per model under runs/eval/.",
        discussion: """
            Built-in suites: \(EvaluationSuite.builtinNames.joined(separator: ", ")); or a suite file (JSON, see SuiteFile), \
            or one task: --task sts|retrieval|reranking|pair-classification|classification|clustering --data PATH. \
            Encodings are cached on disk by (model fingerprint, prompt, text): a second evaluation of an unchanged model \
            encodes nothing (--no-cache to bypass; `workbench cache stats|clear`).
            """)

    @Option(help: "Candidates, comma-separated: model folders, run folders (their model/), or openai:<base-url>#<model> (key from $OPENAI_API_KEY).")
    var model: String
    @Option(help: "A built-in suite name or a suite file.") var suite: String?
    @Option(help: "One task type read from --data (instead of --suite).") var task: String?
    @Option(help: "The task's file or folder (a BEIR folder for retrieval).") var data: String?
    @Option(help: "Classification: the training file.") var train: String?
    @Option(help: "Classification: the test file.") var test: String?
    @Option(help: "Retrieval: the qrels split of the BEIR folder.") var split = "test"
    @Option(help: "Matryoshka widths to score too, from the same encoding, e.g. 256,128,64.") var dims: String?
    @Flag(help: "Encode everything afresh (and write nothing to the embedding cache).") var noCache = false
    @Option(help: "The embedding cache folder (default: $WB_EMBEDDING_CACHE, else $WB_CACHE/embeddings; WB_EMBEDDING_CACHE=off is --no-cache).")
    var cacheDir: String?
    @OptionGroup var options: RunOptions

    func run() throws {
        let suite = try loadSuite()
        let widths = try parseDims()
        // the same store experiments use unless --cache-dir or --no-cache says otherwise
        let store = noCache ? nil : cacheDir.map { EmbeddingStore(root: URL(fileURLWithPath: $0)) } ?? EmbeddingStore.fromEnvironment()
        let specs = model.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !specs.isEmpty else { throw CLIError("--model: name at least one model") }
        var rows: [(spec: String, outcome: SuiteRun.Outcome)] = []
        for spec in specs {
            let candidate: any TextEmbedder
            do { candidate = try ModelSpec.load(spec) } catch { throw CLIError("\(error)") }
            let outcome: SuiteRun.Outcome
            do {
                outcome = try SuiteRun.run(model: candidate, spec: spec, suite: suite, dims: widths, store: store,
                                           root: URL(fileURLWithPath: options.root)) { task in
                    FileHandle.standardError.write(Data("\(spec): \(task.name) (\(task.kind.rawValue))\n".utf8))
                }
            } catch { throw CLIError("\(spec): \(error)") }
            for w in store?.warnings ?? [] { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let o = outcome
            FileHandle.standardError.write(Data(String(format: "%@: %.1f s, %d texts from the cache, %d not cached → %@\n",
                                                       spec, o.seconds, o.cacheHits, o.cacheMisses, o.run.path).utf8))
            rows.append((spec, outcome))
        }
        print(table(rows))
    }

    private func loadSuite() throws -> EvaluationSuite {
        do {
            if let task {
                guard suite == nil else { throw CLIError("give --suite or --task, not both") }
                guard let kind = EvaluationTask.Kind(rawValue: task) else {
                    throw CLIError("--task \(task): expected one of \(EvaluationTask.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let url = { (p: String?) in p.map { URL(fileURLWithPath: $0) } }
                let t = try EvaluationTask.load(kind, data: url(data), train: url(train), test: url(test), split: split)
                return try EvaluationSuite(name: t.name, tasks: [t])
            }
            guard let suite else { throw CLIError("give --suite NAME|FILE or --task TYPE --data PATH") }
            if EvaluationSuite.builtinNames.contains(suite) { return try EvaluationSuite.builtin(suite) }
            return try EvaluationSuite.load(URL(fileURLWithPath: suite))
        } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
    }

    private func parseDims() throws -> [Int] {
        guard let dims else { return [] }
        return try dims.split(separator: ",").map {
            guard let d = Int($0.trimmingCharacters(in: .whitespaces)), d >= 1 else { throw CLIError("--dims \(dims): expected widths ≥ 1 such as 256,128,64") }
            return d
        }
    }

    /// Models × (average, one mean per task type, each task's primary score), then the Matryoshka matrix.
    private func table(_ rows: [(spec: String, outcome: SuiteRun.Outcome)]) -> String {
        let first = rows[0].outcome.result
        let kinds = first.kinds
        var t = TextTable(["model", "average"] + kinds.map(\.title) + first.tasks.map { "\($0.result.name) \($0.result.primaryMetric)" })
        for (spec, o) in rows {
            let r = o.result
            t.add([spec, RunFormat.value(r.average())] + kinds.map { RunFormat.value(r.mean(of: $0)) } + r.tasks.map { RunFormat.value($0.primaryScore) })
        }
        var out = "suite \(first.suite)\n" + t.rendered
        if !first.dims.isEmpty {
            for (spec, o) in rows {
                let r = o.result
                let full = "full"
                var m = TextTable(["\(spec)", full] + r.dims.map { "\($0)" })
                m.add(["average", RunFormat.value(r.average())] + r.dims.map { RunFormat.value(r.average(atDim: $0)) })
                for task in r.tasks {
                    m.add([task.result.name, RunFormat.value(task.primaryScore)] + r.dims.map { RunFormat.value(task.primaryScore(atDim: $0)) })
                }
                out += "\n\nMatryoshka: primary score by width\n" + m.rendered
            }
        }
        return out
    }
}
