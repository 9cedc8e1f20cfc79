import Foundation
import Runs

/// What one `--launcher slurm` submission handed to Slurm, kept in `<root>/<experiment>/.slurm/<job>.json`:
/// which cells (by index in the sweep, with their configs) the array job runs, so that a later submission skips
/// cells still queued and `workbench runs` can list cells that have no run folder yet.
public struct SlurmSubmission: Codable, Equatable, Sendable {
    /// One cell of the array: array task `index` runs cell `index` of the sweep.
    public struct Cell: Codable, Equatable, Sendable {
        public var index: Int
        public var config: [String: JSONValue]
    }

    public var jobId: String
    public var experiment: String
    public var submitted: String
    /// Cells in the sweep (array task ids are 0 ..< cellCount).
    public var cellCount: Int
    public var cells: [Cell]
    /// The script given to sbatch.
    public var script: String

    enum CodingKeys: String, CodingKey {
        case jobId = "job_id", experiment, submitted, cellCount = "cell_count", cells, script
    }

    /// The folder holding an experiment's scripts, submission records and task logs.
    public static func folder(root: URL, experiment: String) -> URL {
        root.appendingPathComponent(experiment).appendingPathComponent(".slurm")
    }

    /// Every submission recorded for `experiment` (unreadable records are skipped), oldest first.
    public static func all(root: URL, experiment: String) -> [SlurmSubmission] {
        let folder = folder(root: root, experiment: experiment)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
                .flatMap { try? JSONDecoder().decode(SlurmSubmission.self, from: $0) }
        }.sorted { ($0.submitted, $0.jobId) < ($1.submitted, $1.jobId) }
    }

    /// Writes the record next to the script.
    func write(root: URL) throws(RunError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = Self.folder(root: root, experiment: experiment).appendingPathComponent("\(jobId).json")
        do { try encoder.encode(self).write(to: url, options: .atomic) } catch {
            throw .writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
