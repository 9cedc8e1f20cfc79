/// Why a sweep could not be handed to Slurm, or Slurm could not be asked about it.
public enum SlurmError: Error, CustomStringConvertible, Equatable {
    /// A Slurm client command (`sbatch`, `squeue`, …) is not on PATH.
    case missingCommand(String)
    /// `scontrol ping` says the controller does not answer.
    case controllerDown(String)
    /// A command ran and failed: its arguments, exit status and error output.
    case commandFailed(command: String, status: Int32, output: String)
    /// `sbatch --parsable` printed no job id.
    case unreadableJobId(String)
    /// A launcher option with a value Slurm would reject: the flag, the value, what was expected.
    case invalidOption(flag: String, value: String, expected: String)
    /// The runs root cannot be written (so no task could write its run).
    case rootNotWritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingCommand(let name):
            "--launcher slurm: '\(name)' is not on PATH: Slurm's client commands are needed (Debian: slurm-client); "
                + "bash scripts/slurm.sh up starts a one-node cluster on this machine"
        case .controllerDown(let detail):
            "--launcher slurm: the Slurm controller does not answer (\(detail)); nothing was submitted"
        case .commandFailed(let command, let status, let output):
            "\(command) failed (exit \(status)): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .unreadableJobId(let output): "sbatch printed no job id: '\(output.trimmingCharacters(in: .whitespacesAndNewlines))'"
        case .invalidOption(let flag, let value, let expected): "\(flag) \(value): expected \(expected)"
        case .rootNotWritable(let path, let reason):
            "--root \(path) cannot be written (\(reason)): every array task writes its run there, so it must be a "
                + "folder the compute nodes share and can write; nothing was submitted"
        }
    }
}
