import Foundation
import Testing
@testable import Runs

/// Inputs the fuzz harnesses (fuzz/, `scripts/fuzz.sh`) crashed on, inlined so each fix stays fixed.
@Suite struct FuzzRegressionTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wb-fuzz-regressions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// fuzz/manifest: a start time with 90 fractional digits made ICU's date parser die with SIGFPE inside
    /// `ISO8601DateFormatter.date(from:)`; such a time is now a decoding error naming it, and good times still read.
    @Test func malformedTimesAreErrorsNotICUCrashes() throws {
        let good = Manifest(experiment: "fuzz", id: "r1", config: [:], seed: nil, startTime: Date(timeIntervalSince1970: 1_764_000_000.25),
                            status: .finished, git: nil, modelHashes: [:], datasetHashes: [:], executableHash: nil, blas: nil,
                            host: "ci", primaryMetric: nil)
        let data = try Manifest.encoder.encode(good)
        #expect(try Manifest.decoder.decode(Manifest.self, from: data).startTime == good.startTime)
        let text = String(decoding: data, as: UTF8.self)
        let stamp = try #require(text.firstMatch(of: /"start_time" : "([^"]+)"/)?.1)
        for bad in ["2025-01-01T00:00:00." + String(repeating: "2", count: 90) + "Z", "2025-01-01T00:00:00.Z", "2025-01-01 00:00:00Z",
                    "2025-01-01T00:00:00+0100", "2025-01-01T00:00:00Zjunk", ""] {
            let corrupted = text.replacingOccurrences(of: String(stamp), with: bad)
            #expect(throws: DecodingError.self, "\(bad)") { try Manifest.decoder.decode(Manifest.self, from: Data(corrupted.utf8)) }
        }
        for ok in ["2025-01-01T00:00:00Z", "2025-01-01T00:00:00.123Z", "2025-01-01T01:00:00+01:00", "2025-01-01T00:00:00.123456789Z"] {
            #expect(Manifest.isTimestamp(ok), "\(ok)")
        }
    }

    /// Found by reading the code behind the framelog harness: `Run.reopen` converted every line's step with `Int(_:)`,
    /// which traps on `1e300` (and on `1e400`, which parses as infinity). Such lines are now simply past the kept step.
    @Test func reopeningALogWithAHugeStepKeepsTheRunReadable() throws {
        let run = try Run.start(root: root, experiment: "fuzz", config: [:], seed: 1)
        try run.log(step: 1, ["loss": 2])
        try run.flush()
        let log = try FrameLog(url: run.folder.appendingPathComponent("metrics.jsonl.zst"))
        try log.append(orderedLine: #"{"step":1e300,"loss":1}"#)
        try log.append(orderedLine: #"{"step":1e400,"loss":1}"#)
        try log.close()
        run.fail("simulated crash")
        let reopened = try Run.reopen(folder: run.folder, keepingStepsThrough: 1)
        try reopened.finish()
        let lines = try FrameLogReader.readContents(run.folder.appendingPathComponent("metrics.jsonl.zst")).lines
        #expect(lines.filter { $0.contains("\"loss\"") }.count == 1 && lines.contains { $0.contains("\"loss\":2") }, "\(lines)")
    }

    /// fuzz/framelog: 18 bytes whose frame header declares 3.8 GB of content. `Zstd.decompressFrame` allocated
    /// the declared size before decoding (libFuzzer: out-of-memory, malloc(3825209344)); now it is damage.
    @Test func frameDeclaringGigabytesIsDamageNotAnAllocation() throws {
        let bytes: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd, 0xa4, 0x62, 0x02, 0x00, 0xe4, 0x03, 0xe4, 0x03, 0x7b, 0x22, 0x73, 0x74, 0x65, 0x70]
        let url = root.appendingPathComponent("metrics.jsonl.zst")
        try Data(bytes).write(to: url)
        let contents = try FrameLogReader.readContents(url)
        #expect(contents.lines.isEmpty)
        #expect(contents.damage == .init(validBytes: 0, lostBytes: bytes.count, salvagedLines: []))
        let decoded = bytes.withUnsafeBytes { Zstd.decompressFrame($0) }
        #expect(decoded == nil)

        let log = try FrameLog(url: url)
        try log.append(orderedLine: #"{"step":1}"#)
        try log.close()
        let repaired = try FrameLogReader.readContents(url)
        #expect(repaired.lines == [#"{"step":1}"#] && repaired.damage == nil)
    }

    /// The bounded decoder still reads frames larger than its 64 KiB step, and rejects one cut short.
    @Test func framesLargerThanOneDecodingStepRoundTrip() throws {
        let lines = (0 ..< 5000).map { #"{"step":\#($0),"loss":0.\#($0 % 997),"id":"q\#($0)"}"# }
        let frame = try Zstd.compressFrame(Data(lines.map { $0 + "\n" }.joined().utf8))
        let decoded = frame.withUnsafeBytes { Zstd.decompressFrame($0) }
        #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == lines.map { $0 + "\n" }.joined())
        #expect(decoded!.count > 1 << 17)
        let cut = frame.dropLast(1).withUnsafeBytes { Zstd.decompressFrame($0) }
        #expect(cut == nil)
        var corrupt = frame
        corrupt[corrupt.count - 1] ^= 0xFF   // the content checksum
        #expect(corrupt.withUnsafeBytes { Zstd.decompressFrame($0) } == nil)
    }

    /// fuzz/framelog seed `huge-step.zst`: a metric line `{"step":1e300}` trapped in `MetricRecord.step`
    /// (Double → Int overflow) when `workbench show` read the run's series.
    @Test func stepsAnIntCannotHoldAreNil() throws {
        for value in [1e300, -1e300, .infinity, -.infinity, .nan, 9.3e18, -9.3e18] {
            #expect(MetricRecord(fields: ["step": .number(value)]).step == nil, "\(value)")
        }
        #expect(MetricRecord(fields: ["step": .number(41.9)]).step == 41)
        #expect(MetricRecord(fields: ["step": .number(-2.5)]).step == -2)
        #expect(MetricRecord(fields: ["step": .number(9e18)]).step == 9_000_000_000_000_000_000)
        #expect(MetricRecord(fields: ["step": "7"]).step == nil)

        let run = root.appendingPathComponent("fuzz/r1")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try Data(#"{"config":{},"dataset_sha256":{},"experiment":"fuzz","host":"h","id":"r1","model_sha256":{},"start_time":"2025-01-01T00:00:00.000Z","status":"running"}"#.utf8)
            .write(to: run.appendingPathComponent("manifest.json"))
        try Zstd.compressFrame(Data("{\"step\":1e300,\"loss\":1}\n{\"step\":2,\"loss\":0.5}\n".utf8))
            .write(to: run.appendingPathComponent("metrics.jsonl.zst"))
        let store = RunStore(root: root)
        let data = try store.load(store.resolve("fuzz/r1"))
        #expect(data.series("loss").map(\.step) == [0, 2])
        #expect(data.best("loss")?.value == 0.5)
    }
}
