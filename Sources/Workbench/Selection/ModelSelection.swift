import Evaluation
import Foundation
import Models
import Runs

/// Runs a model-selection script: every candidate's encode speed and memory measured in a process of its own,
/// every candidate scored on every suite (one evaluation run each under `runs/eval/`, through the embedding
/// cache), then the leaderboard printed and saved with the decision tree's recommendation.
///
/// ```swift
/// ModelSelection("model-selection", Config.self) { c in
///     SelectionPlan(candidates: c.model, suites: c.suite, dims: c.dims, requirements: .init(chinese: c.chinese))
/// }
/// ```
/// The run `runs/<name>/<id>/` holds `leaderboard.txt`, `leaderboard.json` and `leaderboard.html` (the
/// candidates' evaluation runs as a report with its leaderboard section and the recommendation). An API candidate
/// whose endpoint cannot be reached is listed as unavailable, with the reason; a local one that cannot be loaded
/// stops the experiment before anything is measured. Runner options: `--root DIR`, `--help`.
public struct ModelSelection<Config: ExperimentConfig> {
    @discardableResult
    public init(_ name: String, _ type: Config.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                plan: (Config) throws -> SelectionPlan) {
        EncodeProbe.answer(arguments)
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Sweep<Config>.help(experiment: name, extra: [("--root DIR", "where run folders go (default runs)"), ("--help", "this text")]))
            Foundation.exit(0)
        }
        Self.exit {
            let sweep = try Sweep<Config>(arguments: arguments, extraFlags: ["--root"])
            let cells = try sweep.cells()
            guard cells.count == 1 else { throw ExperimentError.selectionSweep }
            let root = URL(fileURLWithPath: sweep.extra["--root"] ?? "runs")
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let selection = try plan(cells[0])
            let limit = selection.probeMaxLength.map { [EncodeProbe.maxLengthFlag, String($0)] } ?? []
            try Self.run(name: name, config: Sweep<Config>.manifestConfig(cells[0]), plan: selection, root: root) { spec in
                try EncodeProbe.inChild(executable: executable, arguments: [EncodeProbe.flag, spec] + limit, spec: spec)
            }
        }
    }

    private static func exit(_ body: () throws -> Void) -> Never {
        do {
            try body()
            Foundation.exit(0)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }

    /// Measures (`measure`: a candidate's probe, from a fresh process), evaluates and ranks the plan's candidates;
    /// writes the selection run under `root` and returns its folder.
    @discardableResult
    public static func run(name: String, config: [String: JSONValue], plan: SelectionPlan, root: URL,
                           measure: (String) throws -> EncodeProbe) throws -> URL {
        guard !plan.candidates.isEmpty else { throw ExperimentError.invalidModel(spec: "", reason: "name at least one candidate") }
        if let baseline = plan.baseline, !plan.candidates.contains(baseline) {
            throw ExperimentError.invalidModel(spec: baseline, reason: "the baseline must be one of the candidates (\(plan.candidates.joined(separator: ", ")))")
        }
        let suites = try plan.suites.map { s in
            EvaluationSuite.builtinNames.contains(s) ? try EvaluationSuite.builtin(s) : try EvaluationSuite.load(URL(fileURLWithPath: s))
        }
        let models = try plan.candidates.map { try ModelSpec.load($0) }          // a bad local spec stops everything here
        let store = EmbeddingStore.fromEnvironment()
        var entries: [LeaderboardEntry] = []
        for (spec, model) in zip(plan.candidates, models) {
            var entry = LeaderboardEntry(spec: spec, results: [], runs: [])
            log("\(spec): measuring encode speed and memory")
            do {
                entry.probe = try measure(spec)
            } catch where model is OpenAIEmbedder {
                entry.unavailable = Self.reason(error)
                log("\(spec): unavailable — \(entry.unavailable!)")
                entries.append(entry)
                continue
            }
            let widths = plan.dims.filter { $0 < entry.probe!.dimension }       // a 256-d student has no 256-d truncation
            do {
                for suite in suites {
                    let outcome = try SuiteRun.run(model: model, spec: spec, suite: suite, dims: widths, store: store, root: root,
                                                   extraMetrics: entry.probe!.metrics) { task in log("\(spec): \(task.name) (\(task.kind.rawValue))") }
                    log(String(format: "%@: %@ average %.4f in %.1f s (%d texts cached, %d encoded) → %@", spec, suite.name,
                               outcome.result.average(), outcome.seconds, outcome.cacheHits, outcome.cacheMisses, outcome.run.path))
                    entry.results.append(outcome.result)
                    entry.runs.append(outcome.run)
                }
            } catch where model is OpenAIEmbedder {
                // an endpoint that fails part-way (its run is marked failed) is as unavailable as one that never answered
                entry = LeaderboardEntry(spec: spec, results: [], runs: [], probe: entry.probe, unavailable: "\(error)")
                log("\(spec): unavailable — \(error)")
            }
            entries.append(entry)
        }
        var board = Leaderboard(entries: entries, suites: suites.map(\.name), dims: plan.dims, requirements: plan.requirements)
        board.baseline = plan.baseline.flatMap { plan.candidates.firstIndex(of: $0) }
        board.decide()
        let text = board.rendered
        print("\n" + text)

        let run = try Run.start(root: root, experiment: name, config: config, seed: nil, datasetFiles: suites.flatMap(\.files))
        do {
            try run.write(Data((text + "\n").utf8), named: "leaderboard.txt")
            try run.write(board.json, named: "leaderboard.json")
            let store = RunStore(root: root)
            let evalRuns = try entries.flatMap(\.runs).map { try store.load(RunRef(experiment: SuiteRun.experiment, id: $0.lastPathComponent, folder: $0)) }
            if !evalRuns.isEmpty {
                let page = try HTMLReport(runs: evalRuns, title: "Model selection: \(plan.candidates.count) candidates on \(board.suites.joined(separator: ", "))",
                                          notes: board.reasons).render()
                try run.write(Data(page.utf8), named: "leaderboard.html")
            }
            try run.finish()
        } catch {
            run.fail("\(error)")
            throw error
        }
        print("\n\(run.folder.path)/leaderboard.{txt,json,html}")
        return run.folder
    }

    /// An API candidate's failure in a few words (the probe's message carries the child's stderr).
    private static func reason(_ error: any Error) -> String {
        if case ExperimentError.invalidModel(_, let reason) = error {
            return reason.split(separator: "\n").last.map { $0.replacingOccurrences(of: "error: ", with: "") } ?? reason
        }
        return "\(error)"
    }

    private static func log(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
