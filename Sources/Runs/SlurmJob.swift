import Foundation

/// The Slurm job a run was written by, as Slurm's environment names it (recorded in the manifest).
///
/// For an array task, `arrayJobId` and `arrayTaskId` name it the way `squeue`, `sacct` and `scancel` take it
/// (`<arrayJobId>_<arrayTaskId>`); `jobId` is the task's own job id.
public struct SlurmJob: Codable, Equatable, Sendable {
    public var jobId: String
    public var arrayJobId: String?
    public var arrayTaskId: Int?
    public var cluster: String?

    enum CodingKeys: String, CodingKey {
        case jobId = "job_id", arrayJobId = "array_job_id", arrayTaskId = "array_task_id", cluster
    }

    public init(jobId: String, arrayJobId: String? = nil, arrayTaskId: Int? = nil, cluster: String? = nil) {
        self.jobId = jobId
        self.arrayJobId = arrayJobId
        self.arrayTaskId = arrayTaskId
        self.cluster = cluster
    }

    /// The job this process runs in (`SLURM_JOB_ID`, `SLURM_ARRAY_JOB_ID`, `SLURM_ARRAY_TASK_ID`,
    /// `SLURM_CLUSTER_NAME`), nil outside Slurm.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SlurmJob? {
        guard let job = environment["SLURM_JOB_ID"], !job.isEmpty else { return nil }
        return SlurmJob(jobId: job, arrayJobId: environment["SLURM_ARRAY_JOB_ID"],
                        arrayTaskId: environment["SLURM_ARRAY_TASK_ID"].flatMap { Int($0) },
                        cluster: environment["SLURM_CLUSTER_NAME"])
    }

    /// How `squeue -j`, `sacct -j` and `scancel` name this job: `<array job>_<task>` for an array task.
    public var spec: String {
        if let arrayJobId, let arrayTaskId { return "\(arrayJobId)_\(arrayTaskId)" }
        return jobId
    }
}
