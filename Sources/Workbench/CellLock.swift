import Crypto
import Foundation
import Runs

/// A cell's claim in the runs root, so that no cell of a sweep runs twice at once: not two local sweeps, not two
/// Slurm array tasks of two submissions, not a local run beside a Slurm task.
///
/// The claim is a file `<root>/<experiment>/.locks/<key>.json`, created with `O_EXCL` (atomic on local file systems
/// and on NFS v3+), naming its holder: host, pid with its start time, and the Slurm job when there is one. It lives
/// in the runs root, not in memory, so it outlives a holder that dies with its node; a later claimant then judges
/// the holder: Slurm's queue decides for a Slurm task (a task Slurm no longer lists is gone), the pid for a process
/// on this host. A dead holder's file is moved aside atomically and the claim taken; a live one's is left alone.
struct CellLock {
    /// Who holds a cell.
    struct Holder: Codable, Equatable {
        var host: String
        var pid: Int32
        var pidStartTicks: UInt64?
        var slurm: SlurmJob?
        var since: String

        enum CodingKeys: String, CodingKey {
            case host, pid, slurm, since
            case pidStartTicks = "pid_start_ticks"
        }

        /// This process.
        static var current: Holder {
            Holder(host: Provenance.host, pid: Provenance.pid, pidStartTicks: Provenance.processStartTicks(pid: Provenance.pid),
                   slurm: SlurmJob.fromEnvironment(), since: ISO8601DateFormatter().string(from: Date()))
        }

        /// Whether the holder still runs, and what says so.
        func liveness(slurm client: SlurmClient?) -> (alive: Bool, evidence: String) {
            if let job = slurm, let client {
                do {
                    if let state = try client.states(jobs: [job.arrayJobId ?? job.jobId])[job.spec],
                       SlurmClient.activeStates.contains(state) {
                        return (true, "Slurm job \(job.spec) is \(state)")
                    }
                    return (false, "Slurm job \(job.spec) is no longer queued")
                } catch {
                    return (true, "Slurm job \(job.spec) cannot be checked: \(error)")
                }
            }
            if host == Provenance.host {
                if let gone = Provenance.goneEvidence(pid: pid, startTicks: pidStartTicks) { return (false, gone) }
                return (true, "process \(pid) on \(host) runs it")
            }
            return (true, "process \(pid) on \(host) holds it since \(since) (cannot be checked from \(Provenance.host))")
        }
    }

    /// The outcome of a claim.
    enum Claim {
        case acquired(CellLock)
        /// Held by a live holder; `evidence` says how that was judged, `file` where the claim is.
        case held(by: Holder, evidence: String, file: String)
    }

    let url: URL
    let holder: Holder

    /// The claim file of the cell with manifest config `config` (a hash of its sorted JSON).
    static func url(root: URL, experiment: String, config: [String: JSONValue]) -> URL {
        let digest = SHA256.hash(data: Data(JSONValue.object(config).jsonText.utf8)).prefix(12)
        let key = digest.map { String(format: "%02x", $0) }.joined()
        return root.appendingPathComponent(experiment).appendingPathComponent(".locks").appendingPathComponent("\(key).json")
    }

    /// The holder named by the claim file at `url`, if there is a readable one.
    static func holder(at url: URL) -> Holder? {
        FileManager.default.contents(atPath: url.path).flatMap { try? JSONDecoder().decode(Holder.self, from: $0) }
    }

    /// Claims the cell for this process, unless a live holder has it; a dead holder's claim is taken over.
    static func claim(root: URL, experiment: String, config: [String: JSONValue], slurm client: SlurmClient?) throws(RunError) -> Claim {
        let url = url(root: root, experiment: experiment, config: config)
        let folder = url.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: folder.path, reason: error.localizedDescription)
        }
        let me = Holder.current
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(me)) ?? Data()
        for _ in 0..<5 {
            let fd = open(url.path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
            if fd >= 0 {
                let written = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                fsync(fd)
                close(fd)
                guard written == body.count else { throw .writeFailed(path: url.path, reason: "short write") }
                return .acquired(CellLock(url: url, holder: me))
            }
            guard errno == EEXIST else { throw .writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
            guard let seen = FileManager.default.contents(atPath: url.path) else { continue }   // released meanwhile
            guard let holder = try? JSONDecoder().decode(Holder.self, from: seen) else {
                // being written right now, or left half-written by a holder that died while writing it
                let age = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
                    .map { Date().timeIntervalSince($0) } ?? 0
                if age < 10 { usleep(100_000); continue }
                moveAside(url, ifStill: seen)
                continue
            }
            let (alive, evidence) = holder.liveness(slurm: client)
            if alive { return .held(by: holder, evidence: evidence, file: url.path) }
            moveAside(url, ifStill: seen)
        }
        throw .writeFailed(path: url.path, reason: "the claim kept changing hands; try again")
    }

    /// Removes a dead holder's claim, unless another claimant replaced it meanwhile (then it is put back).
    private static func moveAside(_ url: URL, ifStill seen: Data) {
        let aside = url.path + ".stale-\(UInt64.random(in: 0...UInt64.max))"
        guard rename(url.path, aside) == 0 else { return }
        if FileManager.default.contents(atPath: aside) == seen {
            unlink(aside)
        } else {
            link(aside, url.path)   // a fresh claim was moved by mistake: restore it (fails harmlessly if retaken)
            unlink(aside)
        }
    }

    /// Gives the claim up (only if it is still this holder's).
    func release() {
        guard Self.holder(at: url) == holder else { return }
        unlink(url.path)
    }
}
