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
public struct Experiment<Config: ExperimentConfig> {
    @discardableResult
    public init(_ name: String, _ type: Config.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                plan: (Config) throws -> TrainingPlan) {
        let runnerFlags: [(String, String)] = [("--resume RUN", "continue a run from its last checkpoint"),
                                                ("--root DIR", "where run folders go (default runs)"), ("--help", "this text")]
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Sweep<Config>.help(experiment: name, extra: runnerFlags))
            exit(0)
        }
        do {
            let sweep = try Sweep<Config>(arguments: arguments, extraFlags: ["--resume", "--root"])
            let root = URL(fileURLWithPath: sweep.extra["--root"] ?? "runs")
            let runner = ExperimentRunner(name: name, root: root)
            if let resume = sweep.extra["--resume"] {
                guard !sweep.overrides.contains(where: { $0.values.count > 1 }) else {
                    throw ExperimentError.resumeWithSweep
                }
                try runner.resume(resume, config: try sweep.cells()[0], plan: plan)
            } else {
                try runner.run(cells: try sweep.cells(), plan: plan)
            }
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}
