/// Why an experiment could not run as asked.
public enum ExperimentError: Error, CustomStringConvertible {
    case resumeWithSweep
    case resumeOtherExperiment(run: String, experiment: String, expected: String)
    case resumeDifferentConfig(run: String, differences: [String])
    case noCheckpoint(run: String)
    /// Cells whose plan cannot run (a missing model folder, a dataset that does not fit its loss …), found before any ran.
    case invalidCells([String])
    /// A `--model` candidate that cannot be loaded: `spec` as given, and why.
    case invalidModel(spec: String, reason: String)
    /// A comma list given to a model-selection script, which compares candidates in one run and does not sweep.
    case selectionSweep
    /// A `--student` recipe that cannot be read or built.
    case invalidStudent(String, reason: String)
    /// A distillation `--objective` that is not known.
    case invalidObjective(String, reason: String)
    /// The cell is being run by another process right now (its claim in the runs root is held).
    case cellRunning(label: String)
    /// `--cell N` outside the sweep's cells, or with a flag it cannot go with.
    case invalidCell(String)
    /// `--launcher` with a value other than local or slurm.
    case invalidLauncher(String)
    /// `--data-parallel` in a process no MPI launcher started, or with an option it cannot go with.
    case invalidDataParallel(String)

    public var description: String {
        switch self {
        case .resumeWithSweep: "--resume continues one run: give no comma lists with it"
        case .resumeOtherExperiment(let run, let experiment, let expected):
            "--resume \(run): that run belongs to experiment '\(experiment)', not '\(expected)'"
        case .resumeDifferentConfig(let run, let differences):
            "--resume \(run): the run was made with another config (\(differences.joined(separator: "; "))); pass the same options"
        case .noCheckpoint(let run): "--resume \(run): the run has no checkpoint to continue from"
        case .invalidCells(let problems):
            problems.count == 1 ? problems[0] : "\(problems.count) cells cannot run (nothing was started):\n  " + problems.joined(separator: "\n  ")
        case .invalidModel(let spec, let reason): "--model \(spec): \(reason)"
        case .invalidStudent(let recipe, let reason): "--student \(recipe): \(reason)"
        case .invalidObjective(let name, let reason): "--objective \(name): \(reason)"
        case .cellRunning(let label): "\(label): another process is running this cell now (see workbench runs)"
        case .invalidCell(let reason): "--cell \(reason)"
        case .invalidLauncher(let value): "--launcher \(value): expected local or slurm"
        case .invalidDataParallel(let reason): "--data-parallel: \(reason)"
        case .selectionSweep: "a model selection compares its candidates in one run: give one value per option (the --model list is the candidates)"
        }
    }
}
