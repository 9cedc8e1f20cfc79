import Foundation

/// Reads the run folders under a root (`runs/` by default): lists, resolves ids, loads runs.
public struct RunStore: Sendable {
    public let root: URL

    public init(root: URL = URL(fileURLWithPath: "runs")) { self.root = root }

    /// Experiments that have at least one run folder.
    public func experiments() -> [String] {
        Self.visibleFolders(in: root).filter { !runs(experiment: $0).isEmpty }
    }

    /// Run folders, oldest first; all experiments when `experiment` is nil.
    public func runs(experiment: String? = nil) -> [RunRef] {
        let names = experiment.map { [$0] } ?? Self.visibleFolders(in: root)
        return names.flatMap { exp in
            Self.visibleFolders(in: root.appendingPathComponent(exp)).map {
                RunRef(experiment: exp, id: $0, folder: root.appendingPathComponent(exp).appendingPathComponent($0))
            }
        }.sorted()
    }

    /// The run named by `query`: `experiment/id`, an id, or a unique prefix of either, or the path of a run
    /// folder (what tab completion gives: `runs/exp/20261129-1042…/`, relative or absolute, with or without a
    /// trailing slash).
    ///
    /// A query with a `/` that names an existing folder is taken as a path, and that folder must hold a
    /// `manifest.json` (else `notARunFolder`); a path under `root` that does not exist is matched as
    /// `experiment/id-prefix`, so a partly typed path works like a partly typed id.
    public func resolve(_ query: String) throws(RunError) -> RunRef {
        try resolve(query, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// `resolve(_:)` with relative paths taken from `directory`.
    func resolve(_ query: String, from directory: URL) throws(RunError) -> RunRef {
        guard query.contains("/") || query == "." || query == ".." else { return try resolveName(query) }
        let url = (query.hasPrefix("/") ? URL(fileURLWithPath: query) : directory.appendingPathComponent(query))
            .standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = (root.path.hasPrefix("/") ? root : directory.appendingPathComponent(root.path))
            .standardizedFileURL.resolvingSymlinksInPath().path
        let parts = url.path.hasPrefix(rootPath + "/") ? url.path.dropFirst(rootPath.count + 1).split(separator: "/").map(String.init) : nil
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) else {
                throw .notARunFolder(path: url.path)
            }
            if let parts, parts.count == 2 {  // the store's own ref, so the same run compares equal however it was named
                return RunRef(experiment: parts[0], id: parts[1], folder: root.appendingPathComponent(parts[0]).appendingPathComponent(parts[1]))
            }
            return RunRef(experiment: url.deletingLastPathComponent().lastPathComponent, id: url.lastPathComponent, folder: url)
        }
        if let parts, parts.count == 2 { return try resolveName(parts.joined(separator: "/")) }
        return try resolveName(query)
    }

    private func resolveName(_ query: String) throws(RunError) -> RunRef {
        let all = runs()
        if let exact = all.first(where: { $0.description == query || $0.id == query }) { return exact }
        let matches = all.filter { $0.description.hasPrefix(query) || $0.id.hasPrefix(query) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 { throw .ambiguousRun(query: query, matches: matches.map(\.description)) }
        let near = all.map { ($0.description, Self.editDistance(query, $0.id), Self.editDistance(query, $0.description)) }
            .map { ($0.0, min($0.1, $0.2)) }
            .filter { $0.1 <= max(3, query.count / 3) }
            .sorted { $0.1 < $1.1 }
            .prefix(3).map(\.0)
        throw .runNotFound(query: query, root: root.path, suggestions: Array(near))
    }

    /// Reads a run: manifest, metric lines (what survived), warnings about what did not.
    public func load(_ ref: RunRef) throws(RunError) -> RunData {
        let manifest = try Manifest.read(folder: ref.folder)
        let metricsURL = ref.folder.appendingPathComponent("metrics.jsonl.zst")
        var metrics: [MetricRecord] = [], warnings: [String] = []
        if FileManager.default.fileExists(atPath: metricsURL.path) {
            (metrics, warnings) = try Self.readLog(metricsURL)
        } else {
            warnings.append("\(metricsURL.path): missing (no metrics were logged)")
        }
        let evalDir = ref.folder.appendingPathComponent("eval")
        let evaluators = ((try? FileManager.default.contentsOfDirectory(atPath: evalDir.path)) ?? [])
            .filter { $0.hasSuffix(".jsonl.zst") }.map { String($0.dropLast(".jsonl.zst".count)) }.sorted()
        let beats = metrics.compactMap { $0.number(Run.heartbeatKey) }
        metrics.removeAll { $0.fields[Run.heartbeatKey] != nil }
        let lastHeartbeat = Self.lastSignOfLife(manifest, metrics: metrics, heartbeats: beats)
        let liveness = RunLiveness.judge(manifest, lastStep: metrics.last { $0.step != nil }?.step, lastHeartbeat: lastHeartbeat)
        return RunData(ref: ref, manifest: manifest, metrics: metrics, warnings: warnings, evaluators: evaluators,
                       lastHeartbeat: lastHeartbeat, liveness: liveness)
    }

    /// The latest moment the writer is known to have been alive: its last heartbeat line, or the wall time of
    /// its last metric line (start time + the line's `time`), or the start.
    static func lastSignOfLife(_ manifest: Manifest, metrics: [MetricRecord], heartbeats: [Double]) -> Date {
        let lastLine = metrics.last { $0.number("time") != nil }?.number("time").map { manifest.startTime.addingTimeInterval($0) }
        return ([manifest.startTime, lastLine].compactMap { $0 } + heartbeats.map { Date(timeIntervalSince1970: $0) }).max()!
    }

    /// The JSON lines of a log, skipping lines that are not JSON objects and reporting a torn tail.
    static func readLog(_ url: URL) throws(RunError) -> ([MetricRecord], [String]) {
        let contents = try FrameLogReader.readContents(url)
        var records: [MetricRecord] = [], warnings: [String] = []
        for (i, line) in contents.lines.enumerated() {
            guard let object = JSONValue.parse(line)?.object else {
                warnings.append("\(url.path): line \(i + 1) is not a JSON object; skipped")
                continue
            }
            records.append(MetricRecord(fields: object))
        }
        if let d = contents.damage {
            warnings.append("\(url.path): torn or corrupt data after byte \(d.validBytes) (\(d.lostBytes) bytes unreadable"
                            + ", \(d.salvagedLines.count) whole lines recovered from them)")
        }
        return (records, warnings)
    }

    static func visibleFolders(in url: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDir) && isDir.boolValue
        }.sorted()
    }

    /// Levenshtein distance, for suggesting near matches.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
