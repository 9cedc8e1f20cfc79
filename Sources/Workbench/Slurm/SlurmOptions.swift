/// The resources of a sweep's array job: `--partition P --time HH:MM:SS --cpus-per-task N --mem M --max-parallel K`.
///
/// Each value is checked against the forms `sbatch` takes before anything is written or submitted; an option
/// left out is left to the cluster's defaults.
public struct SlurmOptions: Equatable, Sendable {
    public var partition: String?
    /// Slurm's time forms: minutes, M:SS, H:MM:SS, D-H, D-H:MM, D-H:MM:SS.
    public var time: String?
    public var cpusPerTask: Int?
    /// Memory per node: a number with an optional K, M, G or T unit (megabytes without one).
    public var mem: String?
    /// At most this many cells at once (the array's `%K`).
    public var maxParallel: Int?

    /// The runner flags these come from.
    public static let flags = ["--partition", "--time", "--cpus-per-task", "--mem", "--max-parallel"]

    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int? = nil, mem: String? = nil,
                maxParallel: Int? = nil) {
        (self.partition, self.time, self.cpusPerTask, self.mem, self.maxParallel) = (partition, time, cpusPerTask, mem, maxParallel)
    }

    /// Reads and checks the flags' values (`extra` as `Sweep` collected them).
    public init(extra: [String: String]) throws(SlurmError) {
        func positive(_ flag: String) throws(SlurmError) -> Int? {
            guard let text = extra[flag] else { return nil }
            guard let n = Int(text), n > 0 else { throw .invalidOption(flag: flag, value: text, expected: "a whole number ≥ 1") }
            return n
        }
        if let p = extra["--partition"] {
            guard !p.isEmpty, p.allSatisfy({ $0.isLetter || $0.isNumber || "_-.,".contains($0) }) else {
                throw .invalidOption(flag: "--partition", value: p, expected: "a partition name (letters, digits, _ - . ,)")
            }
            partition = p
        }
        if let t = extra["--time"] {
            let forms = [#"^\d+$"#, #"^\d+:\d{2}$"#, #"^\d+:\d{2}:\d{2}$"#, #"^\d+-\d+$"#, #"^\d+-\d+:\d{2}$"#, #"^\d+-\d+:\d{2}:\d{2}$"#]
            guard forms.contains(where: { t.range(of: $0, options: .regularExpression) != nil }) else {
                throw .invalidOption(flag: "--time", value: t, expected: "HH:MM:SS (or minutes, M:SS, D-HH, D-HH:MM, D-HH:MM:SS)")
            }
            time = t
        }
        if let m = extra["--mem"] {
            guard m.range(of: #"^\d+[KMGTkmgt]?$"#, options: .regularExpression) != nil else {
                throw .invalidOption(flag: "--mem", value: m, expected: "a size such as 8G, 4096M or 4096 (megabytes)")
            }
            mem = m
        }
        cpusPerTask = try positive("--cpus-per-task")
        maxParallel = try positive("--max-parallel")
    }

    /// The `#SBATCH` lines for these options.
    var directives: [String] {
        [partition.map { "--partition=\($0)" }, time.map { "--time=\($0)" }, cpusPerTask.map { "--cpus-per-task=\($0)" },
         mem.map { "--mem=\($0)" }].compactMap { $0 }.map { "#SBATCH \($0)" }
    }
}
