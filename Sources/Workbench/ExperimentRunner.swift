import Evaluation
import Foundation
import Models
import Runs
import Tensors
import Training

/// Trains the cells of an experiment one after the other, each as its own run, each claimed first (`CellLock`) so
/// that no cell runs twice at once.
///
/// With `job` (`--data-parallel` under mpirun), every rank runs every cell together: rank 0 claims the cell, decides
/// whether it runs, writes its run folder and prints; the other ranks follow its decision and train without a folder.
struct ExperimentRunner {
    let name: String
    let root: URL
    var job: DataParallelJob? = nil

    /// Whether this process prints and writes runs (one process, or rank 0 of a data-parallel job).
    var isLeader: Bool { job?.isLeader ?? true }

    /// In a data-parallel job: checks that every rank was started alike and that each plan's batch splits over them.
    private func checkJob(_ plans: [TrainingPlan], configs: [[String: JSONValue]]) throws {
        guard let job else { return }
        try job.checkAgreement(config: JSONValue.array(configs.map(JSONValue.object)).jsonText)
        if let plan = plans.first(where: { $0.batchSize % job.size != 0 }) {
            throw DataParallelError.batchNotDivisible(batchSize: plan.batchSize, ranks: job.size)
        }
    }

    /// Runs (or finds finished) every cell, or only cell `only` (0-based: what a Slurm array task runs); returns
    /// their runs in cell order, nil for a cell that another process is running (its `CellLock` is held).
    @discardableResult
    func run<Config: ExperimentConfig>(cells: [Config], plan: (Config) throws -> TrainingPlan, only: Int? = nil) throws -> [RunRef?] {
        let plans = try Self.plans(cells, plan)
        try checkJob(plans, configs: cells.map(Sweep<Config>.manifestConfig))
        let slurm = try? SlurmClient()                                    // judges claims held by Slurm tasks, if any
        var refs: [RunRef?] = []
        for (i, (cell, trainingPlan)) in zip(cells, plans).enumerated() where only == nil || only == i {
            let config = Sweep<Config>.manifestConfig(cell)
            let label = cells.count > 1 ? "cell \(i + 1)/\(cells.count)" : "run"
            // claim first, then look for a finished run: one that finished up to the moment of the claim is seen
            var lock: CellLock?
            var done: RunRef?
            if isLeader {
                switch try CellLock.claim(root: root, experiment: name, config: config, slurm: slurm) {
                case .acquired(let claimed): lock = claimed
                case .held(_, let evidence, _): print("\(label): running elsewhere (\(evidence)) — skipped")
                }
                done = lock == nil ? nil : Self.finishedRuns(root: root, experiment: name)[JSONValue.object(config).jsonText]
                if let done { print("\(label): already finished as \(done) — skipped") }
            }
            defer { lock?.release() }
            // the other ranks of a data-parallel job follow rank 0's decision
            let skip = lock == nil || done != nil
            if try job.map({ try $0.leaderDecides(skip) }) ?? skip {
                refs.append(done)
                continue
            }
            let run = isLeader ? try Run.start(root: root, experiment: name, config: config, seed: trainingPlan.seed,
                                               modelFiles: trainingPlan.modelFiles, datasetFiles: trainingPlan.datasetFiles,
                                               blas: .init(core: BLAS.coreName, threads: BLAS.threads),
                                               primaryMetric: trainingPlan.primaryMetric, headlineMetrics: trainingPlan.headlineMetrics,
                                               dataParallelRanks: job?.size) : nil
            if let run {
                let ranks = job.map { ", \($0.size) data-parallel ranks" } ?? ""
                print("\(label): \(trainingPlan.isEvaluationOnly ? "evaluation only, " : "")\(run.folder.path)\(ranks)")
                if trainingPlan.precision.effective != trainingPlan.precision {
                    print("note: this CPU has no AVX-512 BF16: --precision \(trainingPlan.precision.rawValue) runs fp32")
                }
            }
            let pool = BufferPool.current
            pool.resetPeak()
            ProcessMemory.resetPeak()
            do {
                let trainer = try Trainer(plan: trainingPlan, run: run, group: job)
                trainer.embeddingStore = EmbeddingStore.fromEnvironment()
                let summary = try trainer.train()
                if let job, job.isLeader, summary.steps > 0 {
                    print(String(format: "data-parallel: %d ranks; gradient exchange %.1f ms a step on average (%.1f MB of dense gradients)",
                                 job.size, 1000 * summary.exchangeSeconds / Double(summary.steps), Double(summary.exchangedFloats) * 4 / 1e6))
                }
                // this cell's own peaks: the process's resident set, and the tensors alive at once
                try run?.log(step: summary.steps, ["memory/peak_rss_mib": ProcessMemory.peakResidentMiB,
                                                   "memory/peak_tensors_mib": Double(pool.statistics.peakLiveBytes) / 1_048_576])
                try run?.finish()
            } catch {
                run?.fail("\(error)")
                throw error
            }
            // the cell's model, optimizer state and activations are gone: its idle buffers go too, so every cell
            // of a sweep starts from the same memory
            BufferPool.current.trim()
            refs.append(run.map { RunRef(experiment: name, id: $0.manifest.id, folder: $0.folder) })
        }
        if isLeader { printSummary(refs.compactMap { $0 }, metrics: plans[0].summaryKeys) }
        return refs
    }

    /// The finished runs of `experiment` under `root`, by their manifest config's JSON text (the first of each).
    static func finishedRuns(root: URL, experiment: String) -> [String: RunRef] {
        var runs: [String: RunRef] = [:]
        for ref in RunStore(root: root).runs(experiment: experiment) {
            guard let m = try? Manifest.read(folder: ref.folder), m.status == .finished else { continue }
            let key = JSONValue.object(m.config).jsonText
            if runs[key] == nil { runs[key] = ref }
        }
        return runs
    }

    /// Every cell's plan with the config applied (`TrainingPlan.apply`) and checked (`validate`), before any cell
    /// runs; the cells that cannot run are listed together.
    static func plans<Config: ExperimentConfig>(_ cells: [Config], _ plan: (Config) throws -> TrainingPlan) throws -> [TrainingPlan] {
        var plans: [TrainingPlan] = [], problems: [String] = []
        for (i, cell) in cells.enumerated() {
            do {
                var p = try plan(cell)
                try p.apply(cell)
                try p.validate()
                plans.append(p)
            } catch {
                problems.append(cells.count > 1 ? "cell \(i + 1)/\(cells.count): \(error)" : "\(error)")
            }
        }
        guard problems.isEmpty else { throw ExperimentError.invalidCells(problems) }
        return plans
    }

    func resume<Config: ExperimentConfig>(_ query: String, config cell: Config, plan: (Config) throws -> TrainingPlan) throws {
        let store = RunStore(root: root)
        let ref = try store.resolve(query)
        let manifest = try Manifest.read(folder: ref.folder)
        guard manifest.experiment == name else {
            throw ExperimentError.resumeOtherExperiment(run: ref.description, experiment: manifest.experiment, expected: name)
        }
        let config = Sweep<Config>.manifestConfig(cell)
        let differences = Set(config.keys).union(manifest.config.keys).sorted().compactMap { key -> String? in
            config[key] == manifest.config[key] ? nil : "\(key): run \(manifest.config[key]?.display ?? "-"), now \(config[key]?.display ?? "-")"
        }
        guard differences.isEmpty else { throw ExperimentError.resumeDifferentConfig(run: ref.description, differences: differences) }
        guard let checkpoint = TrainerCheckpoint.latest(in: ref.folder) else { throw ExperimentError.noCheckpoint(run: ref.description) }
        let trainingPlan = try Self.plans([cell], plan)[0]
        try checkJob([trainingPlan], configs: [config])
        // every rank reads the checkpoint from the shared runs root; rank 0 alone claims the cell and writes the run
        var lock: CellLock?
        if isLeader {
            guard case .acquired(let claimed) = try CellLock.claim(root: root, experiment: name, config: config, slurm: try? SlurmClient()) else {
                throw ExperimentError.cellRunning(label: "--resume \(ref)")
            }
            lock = claimed
        }
        defer { lock?.release() }
        let run = isLeader ? try Run.reopen(folder: ref.folder, keepingStepsThrough: checkpoint.step) : nil
        if isLeader { print("resuming \(ref) from step \(checkpoint.step)\(job.map { " on \($0.size) data-parallel ranks" } ?? "")") }
        do {
            try Trainer(plan: trainingPlan, run: run, resumeFrom: checkpoint, group: job).train()
            try run?.finish()
        } catch {
            run?.fail("\(error)")
            throw error
        }
        if isLeader { printSummary([ref], metrics: trainingPlan.summaryKeys) }
    }

    /// The comparison table of the cells: the varying hyper-parameters, then each of `metrics` (default: the
    /// runs' primary metrics) as its first (zero-shot) and last value, or its one value when every run only evaluated.
    private func printSummary(_ refs: [RunRef], metrics chosen: [String]) {
        let store = RunStore(root: root)
        let runs = refs.compactMap { try? store.load($0) }
        guard !runs.isEmpty else { return }
        let varying = RunData.varyingConfigKeys(runs)
        let metrics = chosen.isEmpty ? Array(Set(runs.compactMap(\.primaryMetric))).sorted() : chosen
        let evaluationsOnly = runs.allSatisfy { r in metrics.allSatisfy { r.series($0).count <= 1 } }
        var table = TextTable(["run"] + varying + metrics.map { evaluationsOnly ? $0 : "\($0) (zero-shot → final)" })
        for r in runs {
            table.add([r.ref.id] + varying.map { r.manifest.config[$0]?.display ?? "-" } + metrics.map { k in
                let series = r.series(k)
                guard let first = series.first, let last = series.last else { return "-" }
                return evaluationsOnly ? String(format: "%.4f", first.value) : String(format: "%.4f → %.4f", first.value, last.value)
            })
        }
        print("\n" + table.rendered)
    }
}
