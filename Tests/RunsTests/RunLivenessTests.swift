import Foundation
import Testing
import TestSupport
@testable import Runs

/// Telling a run whose writer died from one still going: pid probe on the same host, heartbeat age elsewhere.
@Suite struct RunLivenessTests {
    /// A fresh folder per test, removed afterwards.
    let folder: TemporaryFolder
    var root: URL { folder.url }

    init() throws { folder = try TemporaryFolder(prefix: "wb-liveness") }

    /// A running manifest written by `pid` on `host`.
    static func manifest(host: String = Provenance.host, pid: Int32?, ticks: UInt64? = nil, status: RunStatus = .running) -> Manifest {
        Manifest(experiment: "exp", id: "20261129-104200-000-000000", config: [:], seed: nil, startTime: Date(timeIntervalSinceNow: -10),
                 status: status, git: nil, modelHashes: [:], datasetHashes: [:], executableHash: nil, blas: nil, host: host,
                 primaryMetric: nil, pid: pid, pidStartTicks: ticks)
    }

    /// The pid of a child that has exited and been reaped.
    static func deadPid() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exit 0"]
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    @Test func deadWriterOnThisHostIsCrashed() throws {
        let pid = try Self.deadPid()
        let beat = Date(timeIntervalSinceNow: -1)
        let liveness = RunLiveness.judge(Self.manifest(pid: pid), lastStep: 17, lastHeartbeat: beat)
        #expect(liveness == .crashed(lastStep: 17, lastHeartbeat: beat, evidence: "process \(pid) on \(Provenance.host) is gone"))
    }

    @Test func liveWriterOnThisHostIsAliveEvenWithAnOldHeartbeat() {
        let me = Provenance.pid
        let old = Date(timeIntervalSinceNow: -10 * RunLiveness.staleAfter)
        #expect(RunLiveness.judge(Self.manifest(pid: me, ticks: Provenance.processStartTicks(pid: me)), lastStep: 3, lastHeartbeat: old) == .alive)
    }

    /// A writer that has exited but not been reaped (a rank whose launcher went first) is gone, not alive.
    @Test func unreapedWriterIsGone() throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&pid, "/bin/true", nil, nil, argv, environ) == 0)
        defer { var status: Int32 = 0; waitpid(pid, &status, 0) }
        let deadline = Date().addingTimeInterval(10)
        while !Provenance.isZombie(pid: pid), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(Provenance.isZombie(pid: pid))
        #expect(Provenance.goneEvidence(pid: pid, startTicks: Provenance.processStartTicks(pid: pid)) == "process \(pid) on \(Provenance.host) has exited")
        #expect(Provenance.goneEvidence(pid: getpid(), startTicks: nil) == nil)
    }

    @Test func reusedPidIsCrashed() throws {
        let me = Provenance.pid
        let ticks = try #require(Provenance.processStartTicks(pid: me), "needs /proc")
        let liveness = RunLiveness.judge(Self.manifest(pid: me, ticks: ticks + 1), lastStep: nil, lastHeartbeat: Date())
        guard case .crashed(nil, _, let evidence) = liveness else { Issue.record("\(liveness)"); return }
        #expect(evidence.contains("another process"))
    }

    @Test func otherHostFallsBackToHeartbeatAge() {
        let now = Date()
        let elsewhere = Self.manifest(host: "gpu-box-7", pid: Provenance.pid)  // a live pid here means nothing there
        let stale = now.addingTimeInterval(-RunLiveness.staleAfter - 1), fresh = now.addingTimeInterval(-RunLiveness.staleAfter + 1)
        #expect(RunLiveness.judge(elsewhere, lastStep: 5, lastHeartbeat: fresh, now: now) == .alive)
        guard case .crashed(5, stale, let evidence) = RunLiveness.judge(elsewhere, lastStep: 5, lastHeartbeat: stale, now: now) else {
            Issue.record("a stale heartbeat from another host should read as crashed")
            return
        }
        #expect(evidence == "no heartbeat for 301s (written on gpu-box-7; stale after 300s)")
        // an old manifest without a pid, on this host, is judged the same way
        #expect(RunLiveness.judge(Self.manifest(pid: nil), lastStep: 5, lastHeartbeat: fresh, now: now) == .alive)
        if case .crashed = RunLiveness.judge(Self.manifest(pid: nil), lastStep: 5, lastHeartbeat: stale, now: now) {} else {
            Issue.record("a stale heartbeat without a pid should read as crashed")
        }
    }

    @Test func endedRunsAreEndedWhateverThePid() throws {
        let pid = try Self.deadPid()
        for status in [RunStatus.finished, .killed, .failed("disk full")] {
            #expect(RunLiveness.judge(Self.manifest(pid: pid, status: status), lastStep: 1, lastHeartbeat: .distantPast) == .ended)
        }
    }

    @Test func manifestRecordsWriterAndHeartbeatsStayOutOfMetrics() throws {
        let run = try Run.start(root: root, experiment: "beat", config: [:], seed: nil, heartbeatInterval: 0.2)
        try run.log(step: 1, ["loss": 1])
        Thread.sleep(forTimeInterval: 0.9)
        let json = try String(contentsOf: run.folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(json.contains("\"pid\" : \(getpid())") && json.contains("\"host\" : "))
        let lines = try FrameLogReader.readContents(run.folder.appendingPathComponent("metrics.jsonl.zst")).lines
        #expect(lines.filter { $0.hasPrefix("{\"heartbeat\":") }.count >= 2, "\(lines)")  // the timer also flushed the step-1 line
        let store = RunStore(root: root)
        let data = try store.load(store.resolve(run.manifest.id))
        #expect(data.metrics.map(\.step) == [1] && data.metricKeys == ["loss"])
        #expect(data.lastHeartbeat.timeIntervalSince(run.manifest.startTime) > 0.3)
        #expect(data.liveness == .alive && data.status == "running")
        try run.finish()
        let ended = try store.load(store.resolve(run.manifest.id))
        #expect(ended.liveness == .ended && ended.status == "finished")
    }

    @Test func manifestWithoutWriterFieldsStillReads() throws {
        let folder = root.appendingPathComponent("exp/old")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.manifest(pid: nil).write(to: folder.appendingPathComponent("manifest.json"))
        let text = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(!text.contains("pid"))
        let data = try RunStore(root: root).load(RunRef(experiment: "exp", id: "old", folder: folder))
        #expect(data.manifest.pid == nil && data.liveness == .alive)
    }
}
