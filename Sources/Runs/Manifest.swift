import Foundation

/// `manifest.json`: what a run was (config, seed, inputs, code, machine) and how it ended.
public struct Manifest: Codable, Equatable, Sendable {
    /// The git state of the code that ran.
    public struct Git: Codable, Equatable, Sendable {
        public var commit: String
        public var dirty: Bool
        public init(commit: String, dirty: Bool) { self.commit = commit; self.dirty = dirty }
    }
    /// The BLAS the run computed with.
    public struct BLASInfo: Codable, Equatable, Sendable {
        public var core: String
        public var threads: Int
        public init(core: String, threads: Int) { self.core = core; self.threads = threads }
    }

    public var experiment: String
    public var id: String
    /// Every hyper-parameter, defaults included.
    public var config: [String: JSONValue]
    public var seed: UInt64?
    public var startTime: Date
    public var endTime: Date?
    public var status: RunStatus
    public var git: Git?
    /// sha256 of the model weights, by path.
    public var modelHashes: [String: String]
    /// sha256 of every dataset file, by path.
    public var datasetHashes: [String: String]
    /// sha256 of the executable that ran.
    public var executableHash: String?
    public var blas: BLASInfo?
    public var host: String
    /// The id of the process writing the run on `host` (nil in manifests from before it was recorded).
    public var pid: Int32?
    /// When that process started, in clock ticks since boot (`/proc/<pid>/stat` field 22), to tell a reused pid.
    public var pidStartTicks: UInt64?
    /// The metric the run is judged by (e.g. `eval/stsb-dev/spearman_cosine`), if any.
    public var primaryMetric: String?
    /// The metrics `show` and `diff` lead with: each evaluator's primary metric and the run's summary metrics
    /// (nil in manifests from before it was recorded).
    public var headlineMetrics: [String]?
    /// The Slurm job that wrote the run (nil outside Slurm).
    public var slurm: SlurmJob?
    /// The ranks of the data-parallel job that trained the run (`mpirun -np N … --data-parallel`); nil for one process.
    public var dataParallelRanks: Int?

    enum CodingKeys: String, CodingKey {
        case experiment, id, config, seed, status, git, blas, host, pid, slurm
        case dataParallelRanks = "data_parallel_ranks"
        case pidStartTicks = "pid_start_ticks"
        case startTime = "start_time", endTime = "end_time", modelHashes = "model_sha256", datasetHashes = "dataset_sha256"
        case executableHash = "executable_sha256", primaryMetric = "primary_metric", headlineMetrics = "headline_metrics"
    }

    public init(experiment: String, id: String, config: [String: JSONValue], seed: UInt64?, startTime: Date, status: RunStatus,
                git: Git?, modelHashes: [String: String], datasetHashes: [String: String], executableHash: String?,
                blas: BLASInfo?, host: String, primaryMetric: String?, headlineMetrics: [String]? = nil, pid: Int32? = nil,
                pidStartTicks: UInt64? = nil, slurm: SlurmJob? = nil, dataParallelRanks: Int? = nil) {
        self.experiment = experiment
        self.id = id
        self.config = config
        self.seed = seed
        self.startTime = startTime
        self.status = status
        self.git = git
        self.modelHashes = modelHashes
        self.datasetHashes = datasetHashes
        self.executableHash = executableHash
        self.blas = blas
        self.host = host
        self.pid = pid
        self.pidStartTicks = pidStartTicks
        self.primaryMetric = primaryMetric
        self.headlineMetrics = headlineMetrics
        self.slurm = slurm
        self.dataParallelRanks = dataParallelRanks
    }

    /// Seconds from start to end (to now while running).
    public var duration: Double { (endTime ?? Date()).timeIntervalSince(startTime) }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Manifest.dateFormatter().string(from: date))
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            // ICU's parser dies (SIGFPE) on some malformed strings, e.g. 90 fractional digits: check the shape first
            guard Manifest.isTimestamp(text),
                  let date = Manifest.dateFormatter().date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(text)' is not an ISO 8601 time")
            }
            return date
        }
        return d
    }()

    /// Whether `text` has the shape of the times a manifest holds: `YYYY-MM-DDTHH:MM:SS`, then at most 9
    /// fractional digits, then `Z` or `±HH:MM`.
    static func isTimestamp(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= b.count && range.allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 } }
        func char(_ i: Int, _ c: Character) -> Bool { i < b.count && b[i] == c.asciiValue! }
        guard digits(0..<4), char(4, "-"), digits(5..<7), char(7, "-"), digits(8..<10), char(10, "T"),
              digits(11..<13), char(13, ":"), digits(14..<16), char(16, ":"), digits(17..<19) else { return false }
        var i = 19
        if char(i, ".") {
            let start = i + 1
            i = start
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard (1...9).contains(i - start) else { return false }
        }
        if char(i, "Z") { return i + 1 == b.count }
        guard char(i, "+") || char(i, "-") else { return false }
        return i + 6 == b.count && digits((i + 1)..<(i + 3)) && char(i + 3, ":") && digits((i + 4)..<(i + 6))
    }

    /// ISO 8601 with milliseconds, UTC (a new formatter per use: they are not Sendable).
    public static func dateFormatter() -> ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }

    /// Writes the manifest atomically.
    func write(to url: URL) throws(RunError) {
        let data: Data
        do { data = try Self.encoder.encode(self) } catch { throw .writeFailed(path: url.path, reason: "\(error)") }
        try AtomicFile.write(data, to: url)
    }

    /// Reads `manifest.json` of a run folder.
    public static func read(folder: URL) throws(RunError) -> Manifest {
        let url = folder.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .missingManifest(path: folder.path) }
        do { return try decoder.decode(Manifest.self, from: data) } catch {
            throw .invalidManifest(path: url.path, detail: "\(error)")
        }
    }
}
