import Foundation
import Runs

/// What Slurm's queue says about the runs and submitted cells under a runs root, for `workbench runs`: a run
/// whose manifest says running is running only while its array task is queued (else it crashed: the node died,
/// or the task was cancelled or killed before it could write its end), and a submitted cell with no run folder
/// yet is pending.
public struct SlurmQueueView {
    /// A submitted cell that has no run folder yet.
    public struct QueuedCell {
        public let experiment: String
        /// `<job>_<task>`.
        public let spec: String
        /// Slurm's state, lowercased (`pending`, `running` while the task starts, …).
        public let state: String
        public let config: [String: JSONValue]
    }

    /// Slurm's state of every queued task of the jobs involved, by `<job>_<task>`.
    public let states: [String: String]
    public let queuedCells: [QueuedCell]

    /// Asks `squeue` about the jobs of `runs` and of `submissions` (`SlurmSubmission.all`); nil when there are
    /// none, or Slurm's commands are not here or do not answer (then the manifests and heartbeats judge alone).
    public init?(submissions: [SlurmSubmission], runs: [RunData]) {
        let jobs = Set(runs.compactMap { $0.manifest.slurm.map { $0.arrayJobId ?? $0.jobId } } + submissions.map(\.jobId))
        guard !jobs.isEmpty, let client = try? SlurmClient(), let states = try? client.states(jobs: jobs.sorted()) else { return nil }
        self.states = states
        let started = Set(runs.compactMap { $0.manifest.slurm?.spec })
        queuedCells = submissions.flatMap { s in
            s.cells.compactMap { cell -> QueuedCell? in
                let spec = "\(s.jobId)_\(cell.index)"
                guard !started.contains(spec), let state = states[spec], SlurmClient.activeStates.contains(state) else { return nil }
                return QueuedCell(experiment: s.experiment, spec: spec, state: state.lowercased(), config: cell.config)
            }
        }
    }

    /// The status of a run written by a Slurm task whose manifest says running: `running (Slurm <spec>)`, or
    /// `crashed (Slurm <spec> is no longer queued)`; nil for other runs.
    public func status(of run: RunData) -> String? {
        guard run.manifest.status == .running, let job = run.manifest.slurm else { return nil }
        if let state = states[job.spec], SlurmClient.activeStates.contains(state) { return "running (Slurm \(job.spec))" }
        return "crashed (Slurm \(job.spec) is no longer queued)"
    }
}
