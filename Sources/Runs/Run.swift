import Dispatch
import Foundation
import Synchronization

/// A run being written: `runs/<experiment>/<run-id>/` with its manifest, metric log and evaluation logs.
///
/// ```swift
/// let run = try Run.start(experiment: "sts-finetune", config: ["lr": 2e-5, "batch_size": 16], seed: 42)
/// try run.log(step: 10, epoch: 0.1, ["loss": 0.31, "lr": 2e-6])
/// try run.logEval("stsb-dev", step: 100, rows: perPairScores)   // eval/stsb-dev.jsonl.zst
/// try run.finish()
/// ```
/// The folder appears only once its manifest is written (it is made under a hidden name and renamed).
/// A write that fails (a full disk) marks the run `failed: …` and keeps what was written before.
///
/// The manifest records the writer's host and pid, and while the run is open a heartbeat line
/// (`{"heartbeat":<unix seconds>}`) is appended to the metric log and flushed every `heartbeatInterval`
/// seconds, so readers can tell a run whose process died from one still going (`RunLiveness`).
public final class Run: @unchecked Sendable {
    public let folder: URL
    private let lock = NSLock()
    private var state: Manifest
    private let metrics: FrameLog
    private var evals: [String: FrameLog] = [:]
    private let clockStart = Date()
    private var heartbeat: (any DispatchSourceTimer)?

    /// Seconds between heartbeat lines while a run is open.
    public static let heartbeatInterval: Double = 30
    /// The key of heartbeat lines in the metric log; readers keep these lines out of `RunData.metrics`.
    public static let heartbeatKey = "heartbeat"

    /// The manifest as it stands.
    public var manifest: Manifest { lock.withLock { state } }

    private init(folder: URL, manifest: Manifest, metrics: FrameLog, heartbeatInterval: Double) {
        self.folder = folder
        self.state = manifest
        self.metrics = metrics
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + heartbeatInterval, repeating: heartbeatInterval, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.beat() }
        timer.resume()
        heartbeat = timer
    }

    deinit { heartbeat?.cancel() }

    /// Appends a heartbeat line and flushes (best effort: a failing disk shows at the next `log`).
    private func beat() {
        lock.withLock {
            guard state.status == .running else { return }
            var line = "{\"\(Self.heartbeatKey)\":"
            JSONValue.writeNumber((Date().timeIntervalSince1970 * 1000).rounded() / 1000, to: &line)
            line += "}"
            try? metrics.append(orderedLine: line)
            try? metrics.flush()
        }
    }

    /// Creates the run folder, writes the manifest (`running`) and opens the metric log.
    ///
    /// Hashes of `modelFiles` and `datasetFiles`, the executable's hash, git state, host and pid are recorded.
    public static func start(
        root: URL = URL(fileURLWithPath: "runs"), experiment: String, config: [String: JSONValue], seed: UInt64?,
        modelFiles: [URL] = [], datasetFiles: [URL] = [], blas: Manifest.BLASInfo? = nil, primaryMetric: String? = nil,
        headlineMetrics: [String]? = nil, dataParallelRanks: Int? = nil, heartbeatInterval: Double = Run.heartbeatInterval
    ) throws(RunError) -> Run {
        var modelHashes: [String: String] = [:], datasetHashes: [String: String] = [:]
        for url in modelFiles { modelHashes[url.path] = try Provenance.sha256(of: url) }
        for url in datasetFiles { datasetHashes[url.path] = try Provenance.sha256(of: url) }
        let experimentFolder = root.appendingPathComponent(experiment)
        do { try FileManager.default.createDirectory(at: experimentFolder, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: experimentFolder.path, reason: error.localizedDescription)
        }
        // mkdir is the uniqueness check: a clash (same millisecond, same random bits) draws again
        var id = RunID.make(), staging = experimentFolder.appendingPathComponent(".\(id).starting")
        while mkdir(staging.path, 0o755) != 0 {
            guard errno == EEXIST else { throw .writeFailed(path: staging.path, reason: String(cString: strerror(errno))) }
            id = RunID.make()
            staging = experimentFolder.appendingPathComponent(".\(id).starting")
        }
        let manifest = Manifest(
            experiment: experiment, id: id, config: config, seed: seed, startTime: Date(), status: .running,
            git: Provenance.git(), modelHashes: modelHashes, datasetHashes: datasetHashes,
            executableHash: Provenance.executableHash, blas: blas, host: Provenance.host, primaryMetric: primaryMetric,
            headlineMetrics: headlineMetrics, pid: Provenance.pid, pidStartTicks: Provenance.processStartTicks(pid: Provenance.pid),
            slurm: SlurmJob.fromEnvironment(), dataParallelRanks: dataParallelRanks)
        do {
            try manifest.write(to: staging.appendingPathComponent("manifest.json"))
            let final = experimentFolder.appendingPathComponent(id)
            guard rename(staging.path, final.path) == 0 else {
                throw RunError.writeFailed(path: final.path, reason: String(cString: strerror(errno)))
            }
            let log = try FrameLog(url: final.appendingPathComponent("metrics.jsonl.zst"))
            let run = Run(folder: final, manifest: manifest, metrics: log, heartbeatInterval: heartbeatInterval)
            SignalWatch.shared.register(run)
            return run
        } catch let error as RunError {
            try? FileManager.default.removeItem(at: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw .writeFailed(path: staging.path, reason: "\(error)")
        }
    }

    /// Reopens an ended (or killed) run to continue it from a checkpoint at `step`.
    ///
    /// Lines logged after `step` (in the metric log and in every evaluation log) are dropped, so the
    /// continued run writes them again exactly as an uninterrupted run would; the status returns to
    /// `running`, with this process as its writer (host and pid), and a heartbeat line marks the restart.
    public static func reopen(folder: URL, keepingStepsThrough step: Int,
                              heartbeatInterval: Double = Run.heartbeatInterval) throws(RunError) -> Run {
        var manifest = try Manifest.read(folder: folder)
        let metricsURL = folder.appendingPathComponent("metrics.jsonl.zst")
        var logs = [metricsURL]
        let evalDir = folder.appendingPathComponent("eval")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: evalDir.path)) ?? [] where name.hasSuffix(".jsonl.zst") {
            logs.append(evalDir.appendingPathComponent(name))
        }
        for url in logs where FileManager.default.fileExists(atPath: url.path) {
            let kept = try FrameLogReader.readContents(url).lines.filter { line in
                (JSONValue.parse(line)?.object?["step"]?.double).map { $0.rounded(.towardZero) <= Double(step) } ?? true
            }
            var frames = Data()
            for start in stride(from: 0, to: kept.count, by: 64) {
                frames += try Zstd.compressFrame(Data(kept[start..<min(start + 64, kept.count)].map { $0 + "\n" }.joined().utf8))
            }
            try AtomicFile.write(frames, to: url)
        }
        manifest.status = .running
        manifest.endTime = nil
        manifest.host = Provenance.host
        manifest.pid = Provenance.pid
        manifest.pidStartTicks = Provenance.processStartTicks(pid: Provenance.pid)
        try manifest.write(to: folder.appendingPathComponent("manifest.json"))
        let run = Run(folder: folder, manifest: manifest, metrics: try FrameLog(url: metricsURL), heartbeatInterval: heartbeatInterval)
        run.beat()
        SignalWatch.shared.register(run)
        return run
    }

    /// Appends one metric line: `{"step", "epoch", "time" (seconds since start), then the values}`.
    public func log(step: Int, epoch: Double? = nil, _ values: [String: Double]) throws(RunError) {
        var line = "{\"step\":\(step)"
        if let epoch { line += ",\"epoch\":"; JSONValue.writeNumber(epoch, to: &line) }
        line += ",\"time\":"
        JSONValue.writeNumber((Date().timeIntervalSince(clockStart) * 1000).rounded() / 1000, to: &line)
        for key in values.keys.sorted() where !["step", "epoch", "time"].contains(key) {
            line += ","
            JSONValue.writeString(key, to: &line)
            line += ":"
            JSONValue.writeNumber(values[key]!, to: &line)
        }
        line += "}"
        try guarded { () throws(RunError) in try metrics.append(orderedLine: line) }
    }

    /// Writes per-query (or per-pair) scores of one evaluation to `eval/<evaluator>.jsonl.zst`, one frame.
    public func logEval(_ evaluator: String, step: Int, rows: [[String: JSONValue]]) throws(RunError) {
        try guarded { () throws(RunError) in
            let log: FrameLog
            if let open = evals[evaluator] { log = open } else {
                let dir = folder.appendingPathComponent("eval")
                do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                    throw .writeFailed(path: dir.path, reason: error.localizedDescription)
                }
                log = try FrameLog(url: dir.appendingPathComponent("\(evaluator).jsonl.zst"), linesPerFrame: .max, secondsPerFrame: .infinity)
                evals[evaluator] = log
            }
            for row in rows {
                var r = row
                r["step"] = .number(Double(step))
                try log.append(r)
            }
            try log.flush()
        }
    }

    /// Writes `data` as the file `name` in the run folder, atomically (a leaderboard, a summary table).
    public func write(_ data: Data, named name: String) throws(RunError) {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."),
              !["manifest.json", "metrics.jsonl.zst"].contains(name) else {
            throw .writeFailed(path: folder.appendingPathComponent(name).path, reason: "not a name a run's own files may take")
        }
        try guarded { () throws(RunError) in try AtomicFile.write(data, to: folder.appendingPathComponent(name)) }
    }

    /// Writes every buffered line now.
    public func flush() throws(RunError) {
        try guarded { () throws(RunError) in
            try metrics.flush()
            for log in evals.values { try log.flush() }
        }
    }

    /// Ends the run as `finished`.
    public func finish() throws(RunError) { try end(.finished) }

    /// Ends the run as `failed: reason` (best effort: the disk may be full).
    public func fail(_ reason: String) { try? end(.failed(reason)) }

    /// Ends the run as `killed` (from a signal handler).
    func markKilled() { try? end(.killed) }

    private func end(_ status: RunStatus) throws(RunError) {
        let failure: RunError? = lock.withLock {
            guard state.status == .running else { return nil }
            var flushError: RunError?
            do throws(RunError) { try metrics.close() } catch { flushError = error }
            for log in evals.values { do throws(RunError) { try log.close() } catch { flushError = flushError ?? error } }
            state.status = flushError.map { .failed($0.description) } ?? status
            state.endTime = Date()
            do throws(RunError) { try state.write(to: folder.appendingPathComponent("manifest.json")) } catch {
                flushError = flushError ?? error
            }
            heartbeat?.cancel()
            SignalWatch.shared.unregister(self)
            return flushError
        }
        if let failure { throw failure }
    }

    /// Runs a write; when it fails the run is marked failed (earlier data stays) and the error is rethrown.
    private func guarded(_ body: () throws(RunError) -> Void) throws(RunError) {
        var failure: RunError?
        lock.withLock {
            guard state.status == .running else { failure = .runEnded(path: folder.path); return }
            do throws(RunError) { try body() } catch { failure = error }
        }
        if let failure {
            if case .runEnded = failure {
                // a signal ended the run under us: the handler is about to exit the process with 128 + signal
                while SignalWatch.shared.isTerminating { Thread.sleep(forTimeInterval: 1) }
                throw failure
            }
            fail(failure.description)
            throw failure
        }
    }
}
