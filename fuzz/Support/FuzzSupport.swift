import CFuzzDriver
import Foundation

/// What every fuzz harness shares: the input as `Data`, a private scratch folder to write it into
/// (most parsers take a URL), and the repository's fixtures.
///
/// A harness's `main.swift` is `Fuzz.main { bytes, count in …; return 0 }`; a crash in the body (a
/// trap, an ASan report, an exceeded memory or time limit) is a finding. Errors thrown by a parser are
/// the expected outcome for most inputs and are ignored.
public enum Fuzz {
    /// libFuzzer's callback: the input's bytes and length; returns 0.
    public typealias Body = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer's driver on `body` with this process's arguments (`-max_total_time=…`, corpus folders, …).
    public static func main(_ body: Body) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, body))
    }

    /// The input bytes libFuzzer passed.
    public static func data(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let start, count > 0 else { return Data() }
        return Data(bytes: start, count: count)
    }

    /// Whether `WB_FUZZ_VERBOSE` is set: harnesses then print why each input was rejected (for checking seeds).
    public static let verbose = ProcessInfo.processInfo.environment["WB_FUZZ_VERBOSE"] != nil

    /// Prints `message` to stderr when ``verbose``.
    public static func note(_ message: @autoclosure () -> String) {
        if verbose { FileHandle.standardError.write(Data((message() + "\n").utf8)) }
    }

    /// A folder of this process's own, under /dev/shm when it exists (cheaper writes), removed at exit.
    public static let scratch: URL = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let url = URL(fileURLWithPath: base).appendingPathComponent("wb-fuzz-\(getpid())", isDirectory: true)
        try? FileManager.default.removeItem(at: url)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fuzz.scratch) }
        return url
    }()

    /// A folder under ``scratch``, emptied (made if needed).
    public static func folder(_ name: String) -> URL {
        let url = scratch.appendingPathComponent(name, isDirectory: true)
        try? FileManager.default.removeItem(at: url)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to `name` under `folder` (``scratch`` by default) and returns its URL.
    @discardableResult
    public static func write(_ bytes: Data, to name: String, in folder: URL = Fuzz.scratch) -> URL {
        let url = folder.appendingPathComponent(name)
        try! bytes.write(to: url)
        return url
    }

    /// The repository root (this file is `fuzz/Support/FuzzSupport.swift`).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path under the repository, e.g. `Tests/ModelsTests/Fixtures/tokenizers/all-MiniLM-L6-v2`.
    public static func fixture(_ relativePath: String) -> URL {
        repository.appendingPathComponent(relativePath)
    }

    /// Texts every loaded tokenizer is run on: ASCII, accents, CJK, emoji, control and special-looking tokens.
    public static let sampleTexts: [String] = [
        "", " ", "Hello, world! Tokenize me.", "naïve café Ångström ÉCOLE", "盗窃罪的量刑标准 query: 東京",
        "[CLS] [SEP] [PAD] [UNK] [MASK] <s> </s> <pad> <unk> <mask>", "a\u{0}b\u{7}c\t\r\n d\u{200B}e\u{FEFF}",
        "👩‍👩‍👧 🇩🇪 e\u{301}\u{302}\u{303}", String(repeating: "x", count: 300), "ｆｕｌｌ－ｗｉｄｔｈ ﬁ ①",
    ]
}
