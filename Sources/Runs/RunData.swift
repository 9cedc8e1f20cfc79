import Foundation

/// A run read back: its manifest, every metric line that survived, and what was lost.
public struct RunData: Sendable {
    public let ref: RunRef
    public let manifest: Manifest
    public let metrics: [MetricRecord]
    /// Problems met while reading (a torn log tail, a line that is not JSON), each naming the file.
    public let warnings: [String]
    /// Evaluators with per-query score files under `eval/`.
    public let evaluators: [String]
    /// The latest moment the writer is known to have been alive (last heartbeat or metric line, else the start).
    public let lastHeartbeat: Date
    /// Whether the writer is still alive, for a run the manifest says is running.
    public let liveness: RunLiveness

    public init(ref: RunRef, manifest: Manifest, metrics: [MetricRecord], warnings: [String], evaluators: [String],
                lastHeartbeat: Date? = nil, liveness: RunLiveness? = nil) {
        self.ref = ref
        self.manifest = manifest
        self.metrics = metrics
        self.warnings = warnings
        self.evaluators = evaluators
        self.lastHeartbeat = lastHeartbeat ?? manifest.startTime
        self.liveness = liveness ?? (manifest.status == .running ? .alive : .ended)
    }

    /// Whether the manifest says running but the writer is gone.
    public var isCrashed: Bool { if case .crashed = liveness { true } else { false } }

    /// The status as commands print it: the manifest's, or `crashed at step N, last heartbeat T` for a dead writer.
    public var status: String {
        guard case .crashed(let step, let heartbeat, _) = liveness else { return manifest.status.description }
        return "crashed at step \(step.map(String.init) ?? "-"), last heartbeat \(Self.secondsFormatter().string(from: heartbeat))"
    }

    /// Seconds from start to end: to the last heartbeat for a crashed run, to now for one still running.
    public var duration: Double {
        (manifest.endTime ?? (isCrashed ? lastHeartbeat : Date())).timeIntervalSince(manifest.startTime)
    }

    /// ISO 8601 to the second, UTC.
    static func secondsFormatter() -> ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f
    }

    /// Config keys whose values differ between `runs` (a key missing from a run counts as a value), sorted.
    public static func varyingConfigKeys(_ runs: [RunData]) -> [String] {
        let keys = Set(runs.flatMap { $0.manifest.config.keys })
        return keys.filter { key in Set(runs.map { $0.manifest.config[key] ?? .null }).count > 1 }.sorted()
    }

    /// Every metric key that appears, sorted.
    public var metricKeys: [String] { Array(Set(metrics.flatMap(\.metricKeys))).sorted() }

    /// (step, value) of a metric over the run, in log order.
    public func series(_ key: String) -> [(step: Int, value: Double)] {
        metrics.compactMap { r in r.number(key).map { (r.step ?? 0, $0) } }
    }

    /// The last logged value of a metric.
    public func last(_ key: String) -> (step: Int, value: Double)? { series(key).last }

    /// The best logged value of a metric (lowest for losses and errors, highest otherwise).
    public func best(_ key: String) -> (step: Int, value: Double)? {
        let s = series(key).filter { $0.value.isFinite }
        return Self.lowerIsBetter(key) ? s.min { $0.value < $1.value } : s.max { $0.value < $1.value }
    }

    /// Whether smaller values of `key` are better (losses, errors, learning rate excluded from "best").
    public static func lowerIsBetter(_ key: String) -> Bool {
        let name = key.split(separator: "/").last.map(String.init) ?? key
        return key.hasPrefix("loss") || ["mse", "mae", "rmse", "error", "perplexity", "loss"].contains { name.contains($0) }
    }

    /// The run's primary metric: the manifest's, else the first `eval/…` key, else `loss`.
    public var primaryMetric: String? {
        manifest.primaryMetric ?? metricKeys.first { $0.hasPrefix("eval/") } ?? (metricKeys.contains("loss") ? "loss" : nil)
    }

    /// The metrics `show` and `diff` lead with, among those logged: the manifest's headline metrics (each
    /// evaluator's primary metric, the summary metrics, the loss terms); for runs from before those were
    /// recorded, the primary metric, the losses and the `suite/` and `summary/` keys.
    public var headlineMetrics: [String] {
        let logged = Set(metricKeys)
        var keys = manifest.headlineMetrics
            ?? ([primaryMetric].compactMap { $0 } + metricKeys.filter { $0.hasPrefix("loss") || $0.hasPrefix("suite/") || $0.hasPrefix("summary/") })
        keys = keys.filter(logged.contains)
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// The per-query rows of one evaluator at one step (the last evaluation when `step` is nil).
    public func evalRows(_ evaluator: String, step: Int? = nil) throws(RunError) -> (rows: [[String: JSONValue]], warnings: [String]) {
        let url = ref.folder.appendingPathComponent("eval/\(evaluator).jsonl.zst")
        let (records, warnings) = try RunStore.readLog(url)
        let steps = records.compactMap(\.step)
        guard let wanted = step ?? steps.max() else { return ([], warnings) }
        return (records.filter { $0.step == wanted }.map(\.fields), warnings)
    }
}
