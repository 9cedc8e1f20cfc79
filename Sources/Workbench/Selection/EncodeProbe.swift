import Datasets
import Foundation
import Models

/// Encode speed and peak memory of one candidate on this machine, measured in a process of its own.
///
/// The child process (the experiment's executable run with `--measure-encode SPEC`) loads the candidate, encodes
/// one batch to warm up, then encodes the sample texts (`sample()`) with nothing cached, three times for a local
/// model, and prints one JSON line: sentences per second over the sample in the median pass (single passes vary by
/// ±15 % on a shared 2-core machine, enough to turn 3.4× into 4.4×) and the process's peak resident set (`VmHWM`:
/// weights, tokenizer, activations and the Swift runtime; nothing of another candidate). An API candidate is timed
/// once (each pass is paid for): its speed is the endpoint's as this machine sees it, and its memory the client's
/// only (`isRemote`).
public struct EncodeProbe: Codable, Sendable, Equatable {
    /// Texts encoded per second of wall time.
    public var sentencesPerSecond: Double
    /// Peak resident set of the measuring process, bytes.
    public var peakRSSBytes: Int
    /// Width of the vectors.
    public var dimension: Int
    /// Parameters the encoder uses (nil for an API model); a BERT checkpoint's unused pooler is not among them.
    public var parameters: Int?
    /// Transformer layers the encoder runs (nil for an API model).
    public var layers: Int?
    /// Whether the candidate runs elsewhere (an API): `peakRSSBytes` is then the client's.
    public var isRemote: Bool
    /// Texts in the timed sample.
    public var texts: Int
    /// Seconds each timed pass over the sample took, in order (nil in probes written before passes were kept).
    public var passSeconds: [Double]?
    /// The token limit the timed encode ran under: the folder's own `max_seq_length`, lowered by a spec's `@N` or a
    /// common limit (`--probe-max-length`). Nil for an API model (its limit is its own).
    public var maxSeqLength: Int?

    /// The probe as run-log metrics (`encode/…`, `model/…`, `storage/…`), logged in each evaluation run of the candidate.
    public var metrics: [String: Double] {
        var m = ["encode/sentences_per_second": sentencesPerSecond, "encode/peak_rss_mib": Double(peakRSSBytes) / 1_048_576,
                 "encode/remote": isRemote ? 1 : 0, "model/dimension": Double(dimension),
                 "storage/fp32_gb_per_million": Double(dimension) * 4e6 / 1e9]
        if let parameters { m["model/parameters"] = Double(parameters) }
        if let layers { m["model/layers"] = Double(layers) }
        if let maxSeqLength { m["encode/max_seq_length"] = Double(maxSeqLength) }
        if let passSeconds, let fastest = passSeconds.min(), let slowest = passSeconds.max() {
            m["encode/passes"] = Double(passSeconds.count)
            m["encode/pass_spread"] = (slowest - fastest) / passSeconds.sorted()[passSeconds.count / 2]   // relative to the median
        }
        return m
    }

    /// The flag that turns an experiment's process into the child that measures one candidate.
    public static let flag = "--measure-encode"
    /// The child's optional second flag: the common token limit of the timed encode.
    public static let maxLengthFlag = "--max-length"

    /// The child's request in an experiment's arguments, `--measure-encode SPEC [--max-length N]`; nil when the
    /// arguments are not a probe's.
    public static func request(in arguments: [String]) -> (spec: String, maxLength: Int?)? {
        guard arguments.first == flag else { return nil }
        switch arguments.count {
        case 2: return (arguments[1], nil)
        case 4 where arguments[2] == maxLengthFlag: return Int(arguments[3]).flatMap { $0 > 0 ? (arguments[1], $0) : nil }
        default: return nil
        }
    }

    /// Runs the child's request when `arguments` are a probe's: prints the probe's JSON line and exits (1 with the
    /// error on standard error). Returns when they are not.
    public static func answer(_ arguments: [String]) {
        guard let request = request(in: arguments) else { return }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(try measure(spec: request.spec, maxLength: request.maxLength)), as: UTF8.self))
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The timed texts: the first `count / 2` passages of the legal-zh corpus (in corpus order) and as many
    /// first sentences of STS-B test — long Chinese documents and short English sentences, half each (512 in all
    /// by default).
    public static func sample(count: Int = 512) throws -> [String] {
        let legal = try RetrievalDataset.legalZh(split: .test)
        let stsb = try PairDataset.stsb(split: .test)
        return legal.corpusIDs.prefix(count / 2).compactMap { legal.corpus[$0] } + stsb.texts[0].prefix(count - count / 2)   // column sentence1
    }

    /// Measures `spec` in this process (the child's work): warm-up batch, then `passes` timed passes over the sample
    /// in batches of 32 (one for an API model), each text truncated to `maxLength` tokens when that is below the
    /// folder's own `max_seq_length` (so models saved with different limits are timed on the same inputs); the speed
    /// is the median pass's.
    public static func measure(spec: String, texts count: Int = 512, maxLength: Int? = nil, passes: Int = 3) throws -> EncodeProbe {
        let model = try ModelSpec.load(spec)
        let local = model as? SentenceTransformer
        if let local, let maxLength { local.maxSeqLength = min(local.maxSeqLength, maxLength) }
        let texts = try sample(count: count)
        let prompt = model.rolePrompts.document
        _ = try model.embed(Array(texts.prefix(32)), prompt: prompt)          // [32, D], warm-up
        var dimension = 0
        var seconds: [Double] = []
        for _ in 0..<(local == nil ? 1 : max(passes, 1)) {
            let start = Date()
            for i in stride(from: 0, to: texts.count, by: 32) {
                let e = try model.embed(Array(texts[i..<min(i + 32, texts.count)]), prompt: prompt)   // [b, D]
                dimension = e.shape[1]
            }
            seconds.append(Date().timeIntervalSince(start))
        }
        let median = seconds.sorted()[seconds.count / 2]
        return EncodeProbe(sentencesPerSecond: Double(texts.count) / median, peakRSSBytes: peakResidentBytes(),
                           dimension: dimension, parameters: local.map { $0.namedParameters.reduce(0) { $0 + $1.1.count } },
                           layers: local?.folder.config.numHiddenLayers, isRemote: local == nil, texts: texts.count, passSeconds: seconds,
                           maxSeqLength: local?.maxSeqLength)
    }

    /// Measures `spec` in a fresh process of the running executable (an experiment's, which answers ``flag``),
    /// under the common token limit `maxLength` when one is given.
    public static func inThisExecutable(spec: String, maxLength: Int? = nil) throws -> EncodeProbe {
        try inChild(executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
                    arguments: [flag, spec] + (maxLength.map { [maxLengthFlag, String($0)] } ?? []), spec: spec)
    }

    /// Runs `executable arguments…` (by default `--measure-encode spec`: an experiment's own executable; or
    /// `workbench probe-encode spec`) and reads its JSON line.
    ///
    /// - Throws: `ExperimentError.invalidModel` with the child's error output when it fails.
    public static func inChild(executable: URL, arguments: [String]? = nil, spec: String) throws -> EncodeProbe {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments ?? [flag, spec]
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("wb-probe-\(UUID().uuidString)")
        let outURL = stem.appendingPathExtension("out"), errURL = stem.appendingPathExtension("err")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        defer { for url in [outURL, errURL] { try? FileManager.default.removeItem(at: url) } }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        guard process.terminationStatus == 0, let probe = try? JSONDecoder().decode(EncodeProbe.self, from: out) else {
            let err = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
            throw ExperimentError.invalidModel(spec: spec, reason: "measuring its encode speed failed (exit \(process.terminationStatus)): "
                                               + err.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return probe
    }

    /// The process's peak resident set (`VmHWM` of /proc/self/status), bytes; 0 where /proc is absent.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }
}
