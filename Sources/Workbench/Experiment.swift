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
/// checkpoint), `--root DIR` (where runs go, default `runs`), `--launcher slurm` with `--partition`, `--time`,
/// `--cpus-per-task`, `--mem`, `--max-parallel` (submit the cells as one Slurm array job, `SlurmLauncher`),
/// `--cell N` (run one cell: what an array task runs), `--data-parallel` (under `mpirun -np N`: train each cell over
/// the N ranks, `--batch-size` being the global batch; `DataParallelJob`), `--help`.
///
/// `then` runs after every cell has finished (or was found finished), with each cell's config and run, the runs'
/// root and the values of the experiment's own `flags` (options that are not config fields, so they change no cell):
/// `exp-distill` ends there with its teacher-versus-students table.
public struct Experiment<Config: ExperimentConfig> {
    /// This executable, as the Slurm array tasks run it.
    static var executable: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    }

    /// `arguments` without the flags in `dropping` and their values (`--flag value` or `--flag=value`).
    static func forwarded(_ arguments: [String], dropping: Set<String>) -> [String] {
        var out: [String] = [], i = 0
        while i < arguments.count {
            let flag = String(arguments[i].split(separator: "=", maxSplits: 1).first ?? "")
            if dropping.contains(flag) {
                i += arguments[i].contains("=") ? 1 : 2
            } else {
                out.append(arguments[i])
                i += 1
            }
        }
        return out
    }

    @discardableResult
    public init(_ name: String, _ type: Config.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                flags: [(name: String, help: String)] = [], plan: (Config) throws -> TrainingPlan,
                then: (([(config: Config, run: RunRef)], URL, [String: String]) throws -> Void)? = nil) {
        // a `then` that compares models measures each in a fresh process of this executable
        EncodeProbe.answer(arguments)
        let runnerFlags: [(String, String)] = [("--resume RUN", "continue a run from its last checkpoint"),
                                                ("--root DIR", "where run folders go (default runs)"),
                                                ("--launcher local|slurm", "run the cells here (default), or submit them as one Slurm array job"),
                                                ("--partition P", "Slurm: the partition"), ("--time HH:MM:SS", "Slurm: time limit per cell"),
                                                ("--cpus-per-task N", "Slurm: CPUs per cell"), ("--mem M", "Slurm: memory per cell (8G, 4096M)"),
                                                ("--max-parallel K", "Slurm: at most K cells at once"),
                                                ("--cell N", "run only cell N (0-based) of the sweep: what each Slurm array task runs"),
                                                ("--data-parallel", "under mpirun -np N: each cell trains on N ranks, --batch-size the global batch"),
                                                ("--help", "this text")]
            + flags.map { ($0.name, $0.help) }
        let launcherFlags = ["--launcher"] + SlurmOptions.flags
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Sweep<Config>.help(experiment: name, extra: runnerFlags))
            exit(0)
        }
        // a flag without a value: taken out before the config's flags are read
        let dataParallel = arguments.contains("--data-parallel")
        let arguments = arguments.filter { $0 != "--data-parallel" }
        var job: DataParallelJob?
        do {
            let sweep = try Sweep<Config>(arguments: arguments, extraFlags: Set(["--resume", "--root", "--cell"] + launcherFlags
                                                                                 + flags.map { String($0.name.split(separator: " ")[0]) }))
            let root = URL(fileURLWithPath: sweep.extra["--root"] ?? "runs")
            var runner = ExperimentRunner(name: name, root: root)
            let launcher = sweep.extra["--launcher"] ?? "local"
            guard ["local", "slurm"].contains(launcher) else { throw ExperimentError.invalidLauncher(launcher) }
            if dataParallel {
                guard launcher == "local" else {
                    throw ExperimentError.invalidDataParallel("not with --launcher slurm; submit `mpirun -np N` (or `srun`) of the experiment yourself")
                }
                job = try DataParallelJob.joined()
                runner.job = job
            }
            if let resume = sweep.extra["--resume"] {
                guard !sweep.overrides.contains(where: { $0.values.count > 1 }) else {
                    throw ExperimentError.resumeWithSweep
                }
                try runner.resume(resume, config: try sweep.cells()[0], plan: plan)
            } else if launcher == "slurm" {
                guard sweep.extra["--cell"] == nil else { throw ExperimentError.invalidCell("goes to the array tasks: give it without --launcher slurm") }
                let options = try SlurmOptions(extra: sweep.extra)
                let cells = try sweep.cells()
                _ = try ExperimentRunner.plans(cells, plan)                     // every cell must be able to run
                let slurm = try SlurmLauncher(experiment: name, root: root, options: options)
                let forwarded = Self.forwarded(arguments, dropping: Set(launcherFlags + ["--root", "--cell"]))
                _ = try slurm.submit(configs: cells.map(Sweep<Config>.manifestConfig), executable: Self.executable, forwarded: forwarded)
            } else {
                let cells = try sweep.cells()
                var only: Int?
                if let text = sweep.extra["--cell"] {
                    guard let n = Int(text), cells.indices.contains(n) else {
                        throw ExperimentError.invalidCell("\(text): the sweep has cells 0…\(cells.count - 1)")
                    }
                    only = n
                }
                let runs = try runner.run(cells: cells, plan: plan, only: only)
                if only == nil, runner.isLeader, let then {
                    let done = runs.compactMap { $0 }
                    if done.count == cells.count {
                        try then(Array(zip(cells, done).map { (config: $0, run: $1) }), root, sweep.extra)
                    } else {
                        print("\(cells.count - done.count) cells are running elsewhere: run again when they have finished for the rest")
                    }
                }
            }
            job?.world.finalize()
            exit(0)
        } catch {
            // every rank finds a disagreement or a batch that does not split: rank 0 says it; other failures are each rank's
            let shared = (error as? DataParallelError)?.isFoundByEveryRank ?? false
            if job.map({ $0.isLeader || !shared }) ?? true {
                FileHandle.standardError.write(Data("error\(job.map { $0.isLeader ? "" : " (rank \($0.rank))" } ?? ""): \(error)\n".utf8))
            }
            exit(1)
        }
    }
}
