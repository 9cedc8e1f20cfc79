import Foundation
import Runs

/// Hands the cells of a sweep to Slurm as one array job: task N runs cell N (`exp-… --cell N`), each writing its
/// run into the shared runs root exactly as a local cell does (the manifest adds the Slurm job and task ids).
///
/// Before submitting it skips the cells that are finished, queued in an earlier submission, or claimed by a live
/// run (`CellLock`), so submitting the same sweep again runs only failed, killed, crashed and never-run cells.
struct SlurmLauncher {
    let experiment: String
    /// Absolute: the tasks may start in another directory on another node.
    let root: URL
    let options: SlurmOptions
    let client: SlurmClient

    /// Checks that Slurm answers and the root can be written; nothing is submitted otherwise.
    init(experiment: String, root: URL, options: SlurmOptions) throws(SlurmError) {
        self.experiment = experiment
        self.root = Self.absolute(root).standardizedFileURL
        self.options = options
        client = try SlurmClient()
        try client.ping()
        try Self.checkWritable(self.root.appendingPathComponent(experiment))
    }

    static func absolute(_ url: URL) -> URL {
        url.path.hasPrefix("/") ? url : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(url.path)
    }

    /// Creates `folder` and a probe file in it.
    static func checkWritable(_ folder: URL) throws(SlurmError) {
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(".slurm"), withIntermediateDirectories: true)
            let probe = folder.appendingPathComponent(".slurm/.write-probe-\(getpid())")
            try Data("ok".utf8).write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw .rootNotWritable(path: folder.deletingLastPathComponent().path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Submits the cells that need a run; returns the job id, or nil when every cell is finished or taken.
    ///
    /// `configs` are the cells' manifest configs in sweep order; `forwarded` the command line to repeat in each
    /// task (without launcher flags, `--root` and `--cell`).
    func submit(configs: [[String: JSONValue]], executable: URL, forwarded: [String]) throws -> String? {
        let root = self.root
        let finished = ExperimentRunner.finishedRuns(root: root, experiment: experiment)
        // cells an earlier submission still has queued or running
        let earlier = SlurmSubmission.all(root: root, experiment: experiment)
        let states = try client.states(jobs: earlier.map(\.jobId))
        var queued: [String: String] = [:]                                          // config → "job_task (STATE)"
        for submission in earlier {
            for cell in submission.cells {
                let spec = "\(submission.jobId)_\(cell.index)"
                if let state = states[spec], SlurmClient.activeStates.contains(state) {
                    queued[JSONValue.object(cell.config).jsonText] = "\(spec) (\(state))"
                }
            }
        }
        var toRun: [Int] = []
        for (i, config) in configs.enumerated() {
            let key = JSONValue.object(config).jsonText
            let label = "cell \(i + 1)/\(configs.count)"
            if finished[key] != nil { print("\(label): finished — skipped"); continue }
            if let job = queued[key] { print("\(label): queued as Slurm job \(job) — skipped"); continue }
            if let holder = CellLock.holder(at: CellLock.url(root: root, experiment: experiment, config: config)) {
                let (alive, evidence) = holder.liveness(slurm: client)
                if alive { print("\(label): running (\(evidence)) — skipped"); continue }
            }
            toRun.append(i)
        }
        guard !toRun.isEmpty else {
            print("every cell is finished, queued or running: nothing submitted")
            return nil
        }
        let folder = SlurmSubmission.folder(root: root, experiment: experiment)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let stamp = "\(formatter.string(from: Date()))-\(getpid())"
        let script = folder.appendingPathComponent("\(stamp).sbatch")
        let array = SlurmArrayScript(experiment: experiment, options: options)
        let text = array.text(cells: toRun, root: root, folder: folder, executable: executable, forwarded: forwarded)
        do { try Data(text.utf8).write(to: script, options: .atomic) } catch {
            throw RunError.writeFailed(path: script.path, reason: error.localizedDescription)
        }
        let job: String
        do { job = try client.submit(script: script) } catch {
            try? FileManager.default.removeItem(at: script)                       // nothing left of a refused submission
            throw error
        }
        let record = SlurmSubmission(jobId: job, experiment: experiment, submitted: ISO8601DateFormatter().string(from: Date()),
                                     cellCount: configs.count, cells: toRun.map { .init(index: $0, config: configs[$0]) },
                                     script: script.path)
        try record.write(root: root)
        let cells = toRun.map { String($0 + 1) }.joined(separator: ", ")
        print("submitted Slurm job \(job): \(toRun.count) of \(configs.count) cells (\(cells)) as array tasks \(array.arraySpec(toRun))")
        print("logs: \(folder.path)/\(job)_<task>.out; follow with: workbench runs \(experiment) --root \(root.path)")
        return job
    }
}
