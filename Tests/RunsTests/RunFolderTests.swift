import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Runs

/// The run folder format, its logs' crash behaviour, and the reader's handling of damage.
@Suite struct RunFolderTests {
    /// A fresh folder per test, removed afterwards.
    let folder: TemporaryFolder
    var root: URL { folder.url }

    init() throws { folder = try TemporaryFolder(prefix: "wb-runs") }

    /// Runs `zstd -dc FILE`, returning its exit status and line count.
    static func zstdDecompress(_ url: URL) throws -> (status: Int32, lines: Int) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["zstd", "-dcq", url.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data.filter { $0 == UInt8(ascii: "\n") }.count)
    }

    @Test func folderHoldsManifestMetricsAndEvals() throws {
        let run = try Run.start(root: root, experiment: "exp", config: ["lr": 2e-5, "model": "models/x"], seed: 7,
                                blas: .init(core: "SkylakeX", threads: 2), primaryMetric: "eval/dev/ndcg@10")
        #expect(try Manifest.read(folder: run.folder).status == .running)
        for step in 1...500 { try run.log(step: step, epoch: Double(step) / 500, ["loss": 1 / Double(step), "lr": 1e-5]) }
        try run.logEval("dev", step: 500, rows: (0..<10).map { ["query_id": .string("q\($0)"), "ndcg@10": .number(Double($0) / 10)] })
        try run.log(step: 500, ["eval/dev/ndcg@10": 0.45])
        try run.finish()

        let manifest = try Manifest.read(folder: run.folder)
        #expect(manifest.status == .finished && manifest.endTime != nil && manifest.seed == 7)
        #expect(manifest.config["lr"] == .number(2e-5) && manifest.executableHash?.count == 64)
        #expect(run.folder.deletingLastPathComponent().lastPathComponent == "exp")
        let z = try Self.zstdDecompress(run.folder.appendingPathComponent("metrics.jsonl.zst"))
        #expect(z.status == 0 && z.lines == 501)
        #expect(try Self.zstdDecompress(run.folder.appendingPathComponent("eval/dev.jsonl.zst")).lines == 10)

        let data = try RunStore(root: root).load(RunStore(root: root).resolve(manifest.id))
        #expect(data.warnings.isEmpty)
        #expect(data.metrics.count == 501 && data.metrics.first?.step == 1)
        #expect(data.metrics.first?.fields["time"] != nil && data.metrics.first?.number("epoch") == 0.002)
        #expect(data.last("loss")?.value == 1.0 / 500 && data.best("loss")?.step == 500)
        #expect(data.primaryMetric == "eval/dev/ndcg@10" && data.evaluators == ["dev"])
        #expect(try data.evalRows("dev").rows.count == 10)
        // the line keeps step, epoch, time first
        let first = try FrameLogReader.readContents(run.folder.appendingPathComponent("metrics.jsonl.zst")).lines[0]
        #expect(first.hasPrefix("{\"step\":1,\"epoch\":0.002,\"time\":"))
    }

    @Test func idsAreUniqueAndSortableAcrossConcurrentStarts() throws {
        let root = self.root
        let ids = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 40) { _ in
            if let run = try? Run.start(root: root, experiment: "sweep", config: [:], seed: nil) {
                ids.withLock { $0.append(run.folder.lastPathComponent) }
                try? run.finish()
            }
        }
        let all = ids.withLock { $0 }
        #expect(all.count == 40 && Set(all).count == 40)
        #expect(RunStore(root: root).runs(experiment: "sweep").count == 40)
        let earlier = RunID.make(at: Date(timeIntervalSince1970: 1_700_000_000)), later = RunID.make(at: Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(earlier < later)
    }

    @Test func tornTailIsReadAroundAndRepairedOnReopen() throws {
        let url = root.appendingPathComponent("m.jsonl.zst")
        let log = try FrameLog(url: url, linesPerFrame: 10)
        for i in 0..<95 { try log.append(["i": .number(Double(i))]) }
        try log.close()                                    // 10 frames: 9 × 10 lines + 5
        let whole = try Data(contentsOf: url)
        let framesEnd = whole.count
        // a process killed mid-write: half of an 11th frame
        let extra = try Zstd.compressFrame(Data((95..<105).map { "{\"i\":\($0)}\n" }.joined().utf8))
        try (whole + extra.prefix(extra.count / 2)).write(to: url)

        let contents = try FrameLogReader.readContents(url)
        #expect(contents.damage?.validBytes == framesEnd)
        #expect(contents.damage?.lostBytes == extra.count / 2)
        #expect(contents.lines.count >= 95)
        #expect(try Self.zstdDecompress(url).status != 0)  // the stock tool stumbles on the torn frame

        let reopened = try FrameLog(url: url)               // repair: cut, re-append what decodes
        #expect(reopened.repair?.validBytes == framesEnd)
        try reopened.append(["i": 1000])
        try reopened.close()
        let repaired = try FrameLogReader.readContents(url)
        #expect(repaired.damage == nil)
        #expect(repaired.lines.prefix(95) == contents.lines.prefix(95))
        #expect(repaired.lines.last == "{\"i\":1000}")
        let z = try Self.zstdDecompress(url)
        #expect(z.status == 0 && z.lines == repaired.lines.count)
    }

    @Test func corruptFrameAndNonJSONLinesAreReportedNotFatal() throws {
        let run = try Run.start(root: root, experiment: "bad", config: [:], seed: 1)
        for step in 1...30 { try run.log(step: step, ["loss": 1]) }
        try run.finish()
        let url = run.folder.appendingPathComponent("metrics.jsonl.zst")
        var bytes = try Data(contentsOf: url)
        bytes += try Zstd.compressFrame(Data("{\"step\":31,\"loss\":0.5}\nthis is not json\n{\"step\":32,\"loss\":0.4}\n".utf8))
        let good = bytes.count
        bytes += try Zstd.compressFrame(Data("{\"step\":33,\"loss\":0.3}\n".utf8))
        bytes[good + 8] ^= 0xFF                             // corrupt the last frame's payload
        try bytes.write(to: url)
        let data = try RunStore(root: root).load(RunStore(root: root).resolve(run.manifest.id))
        #expect(data.metrics.map(\.step) == Array(1...32))
        #expect(data.warnings.contains { $0.contains("metrics.jsonl.zst") && $0.contains("line 32 is not a JSON object") })
        #expect(data.warnings.contains { $0.contains("after byte \(good)") })
    }

    @Test func unknownRunSuggestsNearMatchesAndFolderWithoutManifestIsNamed() throws {
        let run = try Run.start(root: root, experiment: "exp", config: [:], seed: nil)
        try run.finish()
        let store = RunStore(root: root)
        let id = run.manifest.id
        var typo = id
        typo.removeLast()
        typo += id.hasSuffix("0") ? "1" : "0"
        do {
            _ = try store.resolve(typo)
            Issue.record("a wrong id resolved")
        } catch {
            #expect(error == .runNotFound(query: typo, root: root.path, suggestions: ["exp/\(id)"]))
            #expect(error.description.contains("did you mean exp/\(id)"))
        }
        let empty = root.appendingPathComponent("exp/20200101-000000-000-000000")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: RunError.missingManifest(path: empty.path)) { try store.load(store.resolve("20200101")) }
    }
}
