import Foundation
import Models
import Runs
import Tensors
import Training

/// Runs an experiment script: parses the command line into config cells, checks every cell's plan, then trains
/// (or, with zero steps, evaluates) each cell as a run under `runs/<name>/`, skips cells that already finished,
/// and prints the comparison table.
///
/// ```swift
/// Experiment("sts-finetune", Config.self) { c in
///     var plan = TrainingPlan(model: c.model, objective: .single(.init(try .stsb(split: .train), CosineSimilarityLoss())))
///     plan.evaluate { try EmbeddingSimilarityEvaluator.stsb($0) }
///     return plan            // config fields named like plan options (epochs, lr, …) are applied by the runner
/// }
/// ```
/// Runner options besides the config's fields: `--resume RUN` (continue a run from its last
/// checkpoint), `--root DIR` (where runs go, default `runs`), `--help`.
///
/// `then` runs after every cell has finished (or was found finished), with each cell's config and run, the runs'
/// root and the values of the experiment's own `flags` (options that are not config fields, so they change no cell):
/// `exp-distill` ends there with its teacher-versus-students table.
public struct Experiment<Config: ExperimentConfig> {
    @discardableResult
    public init(_ name: String, _ type: Config.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                flags: [(name: String, help: String)] = [], plan: (Config) throws -> TrainingPlan,
                then: (([(config: Config, run: RunRef)], URL, [String: String]) throws -> Void)? = nil) {
        // a `then` that compares models measures each in a fresh process of this executable
        EncodeProbe.answer(arguments)
        let runnerFlags: [(String, String)] = [("--resume RUN", "continue a run from its last checkpoint"),
                                                ("--root DIR", "where run folders go (default runs)"), ("--help", "this text")]
            + flags.map { ($0.name, $0.help) }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Sweep<Config>.help(experiment: name, extra: runnerFlags))
            exit(0)
        }
        do {
            let sweep = try Sweep<Config>(arguments: arguments, extraFlags: Set(["--resume", "--root"] + flags.map { String($0.name.split(separator: " ")[0]) }))
            let root = URL(fileURLWithPath: sweep.extra["--root"] ?? "runs")
            let runner = ExperimentRunner(name: name, root: root)
            if let resume = sweep.extra["--resume"] {
                guard !sweep.overrides.contains(where: { $0.values.count > 1 }) else {
                    throw ExperimentError.resumeWithSweep
                }
                try runner.resume(resume, config: try sweep.cells()[0], plan: plan)
            } else {
                let cells = try sweep.cells()
                let runs = try runner.run(cells: cells, plan: plan)
                try then?(Array(zip(cells, runs).map { (config: $0, run: $1) }), root, sweep.extra)
            }
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}
