import Foundation

/// Slurm's own client commands (`sbatch`, `squeue`, `scontrol`, `scancel`), run as a user would run them.
///
/// They find the cluster as they always do (`SLURM_CONF`, else `/etc/slurm/slurm.conf`); the workbench keeps
/// no scheduler state of its own beyond what it writes into the runs root.
public struct SlurmClient: Sendable {
    /// Where each command was found on PATH.
    let paths: [String: String]
    /// The environment the commands run in (`SLURM_CONF` picks the cluster).
    let environment: [String: String]

    /// The state of one job or array task as `squeue` reports it (`PENDING`, `RUNNING`, `COMPLETING`, …).
    public typealias State = String

    /// States in which a job still holds (or will hold) its cells.
    public static let activeStates: Set<State> = ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED",
                                                  "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT"]

    /// Finds the commands on PATH; throws for the first one missing.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SlurmError) {
        var paths: [String: String] = [:]
        let dirs = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["sbatch", "squeue", "scontrol", "scancel"] {
            guard let dir = dirs.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }) else {
                throw .missingCommand(name)
            }
            paths[name] = "\(dir)/\(name)"
        }
        self.paths = paths
        self.environment = environment
    }

    /// Throws `controllerDown` unless `scontrol ping` reports the controller up.
    public func ping() throws(SlurmError) {
        let (status, out, err) = run("scontrol", ["ping"])
        guard status == 0, out.contains("is UP") else {
            let said = (out + err).trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "; ")
            throw .controllerDown(said.isEmpty ? "scontrol ping exited \(status)" : said)
        }
    }

    /// Submits `script` (`sbatch --parsable`) and returns the job id.
    public func submit(script: URL) throws(SlurmError) -> String {
        let (status, out, err) = run("sbatch", ["--parsable", script.path])
        guard status == 0 else { throw .commandFailed(command: "sbatch \(script.path)", status: status, output: err + out) }
        // "<id>" or "<id>;<cluster>"
        guard let id = out.split(separator: "\n").last?.split(separator: ";").first.map(String.init),
              !id.isEmpty, id.allSatisfy(\.isNumber) else { throw .unreadableJobId(out) }
        return id
    }

    /// The state of every task of the given jobs that Slurm still lists, by `<job>_<task>` (array tasks, one
    /// entry each, pending ones included) or `<job>`; a job Slurm no longer lists is absent.
    public func states(jobs: [String]) throws(SlurmError) -> [String: State] {
        guard !jobs.isEmpty else { return [:] }
        // -r: one line per array task, pending ones too; a job id Slurm has forgotten is an error unless others remain
        let (status, out, err) = run("squeue", ["-h", "-r", "-j", jobs.joined(separator: ","), "-o", "%i %T"])
        if status != 0 {
            if err.contains("Invalid job id") { return [:] }
            throw .commandFailed(command: "squeue -j \(jobs.joined(separator: ","))", status: status, output: err)
        }
        var states: [String: State] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { states[String(parts[0])] = String(parts[1]) }
        }
        return states
    }

    /// Cancels a job or one array task (`scancel <job>_<task>`).
    public func cancel(_ spec: String) throws(SlurmError) {
        let (status, _, err) = run("scancel", [spec])
        guard status == 0 else { throw .commandFailed(command: "scancel \(spec)", status: status, output: err) }
    }

    /// Runs a command; (exit status, stdout, stderr). A command that cannot be started reads as status 127.
    func run(_ name: String, _ arguments: [String]) -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: paths[name] ?? name)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "", "\(error)") }
        // read both pipes to the end before waiting, so a full pipe cannot block the command
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
