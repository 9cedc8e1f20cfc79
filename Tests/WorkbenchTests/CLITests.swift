import Foundation
import Testing
import TestSupport

/// The `workbench` executable, run as a user runs it: outputs, messages and exit codes.
@Suite(.serialized) struct CLITests {
    static let root = Repository.root
    /// The set-up's all-MiniLM-L6-v2 (missing: a failure naming the set-up command).
    static var model: String { get throws { try RealAssets.model("all-MiniLM-L6-v2").path } }

    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The built `workbench`, next to the test bundle.
    static var binary: URL { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workbench") }

    /// Runs the built `workbench` in `directory` (the package root by default).
    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL = root) throws -> Result {
        try execute(binary, arguments, stdin: stdin, in: directory)
    }

    /// Runs any program to its end, capturing stdout and stderr.
    static func execute(_ executable: URL, _ arguments: [String], stdin: Data? = nil, in directory: URL = root,
                        environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFile(_ name: String, _ contents: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wb-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    @Test func encodeWritesNpyOfTheRightShape() throws {
        let input = try Self.temporaryFile("in.txt", Data("first sentence\nsecond one\n\nfourth, after an empty line\n".utf8))
        let output = input.replacingOccurrences(of: "in.txt", with: "out.npy")
        let r = try Self.run(["encode", input, "--model", Self.model, "-o", output])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.contains("'descr': '<f4'") && header.contains("'shape': (4, 384)"))
        #expect((10 + headerLength) % 64 == 0)
        #expect(data.count == 10 + headerLength + 4 * 384 * 4)
        // normalized by default (the model lists Normalize): the first row has unit length
        let first = data[(10 + headerLength)..<(10 + headerLength + 384 * 4)].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(abs(first.map { $0 * $0 }.reduce(0, +) - 1) < 1e-4)
    }

    @Test func encodeReadsJSONLinesFromStdinWithPromptAndNoNormalize() throws {
        let lines = "{\"q\": \"what is a lease?\"}\n{\"q\": \"notice period\"}\n"
        let r = try Self.run(["encode", "--field", "q", "--model", Self.model, "--prompt", "query: ", "--no-normalize"],
                             stdin: Data(lines.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.text.split(separator: "\n")
        #expect(rows.count == 2)
        let object = try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any]
        let vector = object?["embedding"] as? [Double] ?? []
        #expect(vector.count == 384)
        #expect(abs(vector.map { $0 * $0 }.reduce(0, +) - 1) > 1e-3) // not normalized
    }

    @Test func similarityOfTwoTexts() throws {
        let r = try Self.run(["similarity", "A man is playing a guitar.", "Someone is playing music.", "--model", Self.model])
        #expect(r.status == 0, "\(r.stderr)")
        let score = Double(r.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -2
        #expect(score > 0.4 && score < 1)
        let same = try Self.run(["similarity", "same text", "same text", "--model", Self.model, "--metric", "euclidean"])
        #expect(Double(same.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1 < 1e-4)
    }

    /// `--prompt-name` takes the folder's named prompt (multilingual-e5-small: "query: "); unknown names are errors.
    @Test func promptNameUsesTheFolderPrompt() throws {
        let e5 = try RealAssets.model("multilingual-e5-small").path
        let texts = ["租客必须提前一个月通知房东。", "A tenant must give the landlord one month's notice."]
        let named = try Self.run(["similarity"] + texts + ["--model", e5, "--prompt-name", "query"])
        let literal = try Self.run(["similarity"] + texts + ["--model", e5, "--prompt", "query: "])
        let bare = try Self.run(["similarity"] + texts + ["--model", e5])
        #expect(named.status == 0 && literal.status == 0 && bare.status == 0, "\(named.stderr)")
        #expect(named.text == literal.text && named.text != bare.text)
        let unknown = try Self.run(["similarity"] + texts + ["--model", e5, "--prompt-name", "question"])
        #expect(unknown.status != 0 && unknown.stderr.contains("the prompts passage, query"), "\(unknown.stderr)")
        let none = try Self.run(["similarity", "a", "b", "--model", Self.model, "--prompt-name", "query"])
        #expect(none.status != 0 && none.stderr.contains("has no prompts"), "\(none.stderr)")
        let both = try Self.run(["similarity", "a", "b", "--model", Self.model, "--prompt-name", "query", "--prompt", "x"])
        #expect(both.status != 0 && both.stderr.contains("not both"))
    }

    @Test func doctorReportsTheKernelAndTheModel() throws {
        let r = try Self.run(["doctor"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text.contains("core:") && r.text.contains("GFLOP/s") && r.text.contains("bf16 linear:"))
        #expect(r.text.contains("all-MiniLM-L6-v2: bert, 6 layers, dim 384"))
        #expect(r.text.contains("multilingual-e5-small: bert, 12 layers, dim 384, mean pooling + normalize, max_seq_length 512, prompts passage, query"))
    }

    // MARK: bad input

    @Test func missingModelFolderNamesIt() throws {
        let r = try Self.run(["similarity", "a", "b", "--model", "/nonexistent/model"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/model"))
    }

    @Test func emptyInputFileIsAnError() throws {
        let input = try Self.temporaryFile("empty.txt", Data())
        let r = try Self.run(["encode", input, "--model", Self.model])
        #expect(r.status != 0)
        #expect(r.stderr.contains("empty.txt") && r.stderr.contains("empty"))
    }

    @Test func nonUTF8LineNamesTheLine() throws {
        let input = try Self.temporaryFile("bad.txt", Data("good line\nalso good\nbad \u{FF}".utf8.map { $0 }) + Data([0xFF, 0xFE, 0x0A]))
        let r = try Self.run(["encode", input, "--model", Self.model])
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.txt:3") && r.stderr.contains("UTF-8"))
    }

    @Test func jsonLineWithoutTheFieldNamesTheLine() throws {
        let input = try Self.temporaryFile("in.jsonl", Data("{\"text\": \"ok\"}\n{\"body\": \"no text\"}\n".utf8))
        let r = try Self.run(["encode", input, "--model", Self.model])
        #expect(r.status != 0)
        #expect(r.stderr.contains("in.jsonl:2") && r.stderr.contains("'text'"))
    }

    @Test func modelWithUnknownModelTypeIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wb-badmodel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = try String(contentsOfFile: Self.model + "/config.json", encoding: .utf8)
            .replacingOccurrences(of: "\"model_type\": \"bert\"", with: "\"model_type\": \"gpt2\"")
        try config.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let r = try Self.run(["similarity", "a", "b", "--model", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("config.json") && r.stderr.contains("gpt2"))
    }
}
