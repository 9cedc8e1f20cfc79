import Foundation

/// Whether a run is still being written: a manifest that says `running` after its process died (`kill -9`,
/// power loss, an out-of-memory kill) would otherwise say so forever.
///
/// On the host that wrote the run, the writer's pid is probed with `kill(pid, 0)`: `ESRCH` means it is gone,
/// and a process with that pid but another start time (`/proc/<pid>/stat`) is a different process that was
/// given the same pid. From another host, or for a manifest without a pid, the run counts as crashed once
/// its last heartbeat is older than `staleAfter` (the writer logs one every `Run.heartbeatInterval` seconds).
public enum RunLiveness: Equatable, Sendable {
    /// The manifest's status is final (finished, failed or killed).
    case ended
    /// The manifest says running and the writer is alive, or cannot be shown to be dead.
    case alive
    /// The manifest says running but the writer is gone; `lastStep` is the last step logged, `evidence` says how it was judged.
    case crashed(lastStep: Int?, lastHeartbeat: Date, evidence: String)

    /// Seconds without a heartbeat after which a run written on another host counts as crashed (10 missed heartbeats).
    public static let staleAfter: Double = 300

    /// Judges the run of `manifest`, whose last sign of life was `lastHeartbeat`, as seen from `host` at `now`.
    public static func judge(_ manifest: Manifest, lastStep: Int?, lastHeartbeat: Date,
                             host: String = Provenance.host, now: Date = Date()) -> RunLiveness {
        guard manifest.status == .running else { return .ended }
        func crashed(_ evidence: String) -> RunLiveness { .crashed(lastStep: lastStep, lastHeartbeat: lastHeartbeat, evidence: evidence) }
        if manifest.host == host, let pid = manifest.pid, pid > 0 {
            return Provenance.goneEvidence(pid: pid, startTicks: manifest.pidStartTicks).map(crashed) ?? .alive
        }
        let age = now.timeIntervalSince(lastHeartbeat)
        guard age > staleAfter else { return .alive }
        let source = manifest.host == host ? "no pid recorded" : "written on \(manifest.host)"
        return crashed("no heartbeat for \(Int(age.rounded()))s (\(source); stale after \(Int(staleAfter))s)")
    }
}
