import Foundation
import Testing

/// `workbench runs | show | diff | compare` on synthetic runs written by `workbench simulate`,
/// and the run folder's behaviour when the writer is killed or the disk fills.
@Suite(.serialized) struct RunCommandsTests {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wb-cli-runs-\(UUID().uuidString)").path
    }

    func simulate(_ extra: [String], experiment: String = "demo") throws -> String {
        let r = try CLITests.run(["simulate", "--root", root, "--experiment", experiment, "--steps", "120", "--eval-every", "40"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return URL(fileURLWithPath: r.text.trimmingCharacters(in: .whitespacesAndNewlines)).lastPathComponent
    }

    @Test func listShowDiffCompare() throws {
        var ids: [String] = []
        for tau in ["0.02", "0.05"] {
            for alpha in ["0.3", "0.7"] { ids.append(try simulate(["--set", "temperature=\(tau)", "--set", "alpha=\(alpha)"])) }
        }
        let list = try CLITests.run(["runs", "demo", "--root", root])
        #expect(list.status == 0)
        let lines = list.text.split(separator: "\n")
        #expect(lines[0].contains("alpha") && lines[0].contains("temperature") && !lines[0].contains("batch_size"))
        #expect(lines.count == 2 + 4 && ids.allSatisfy { id in list.text.contains(id) })
        #expect(lines[2].contains(ids[0]))                           // oldest first

        let show = try CLITests.run(["show", String(ids[1].prefix(22)), "--root", root])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.text.contains("status     finished") && show.text.contains("temperature = 0.02"))
        #expect(show.text.contains("loss  ") && show.text.contains("█") && show.text.contains("eval/legal-dev/ndcg@10 *"))

        let diff = try CLITests.run(["diff", ids[0], ids[3], "--root", root])
        #expect(diff.status == 0, "\(diff.stderr)")
        let configSection = diff.text.components(separatedBy: "\nmetrics")[0]
        #expect(configSection.contains("temperature") && configSection.contains("alpha") && !configSection.contains("batch_size"))
        #expect(diff.text.contains("legal-dev ndcg@10 (n=200"))
        #expect(diff.text.contains("[95% CI"))

        let json = try CLITests.run(["diff", ids[0], ids[3], "--root", root, "--json"])
        let object = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        let significance = (object?["significance"] as? [[String: Any]])?.first
        let comparison = significance?["comparison"] as? [String: Any]
        #expect((comparison?["n"] as? Int) == 200)
        #expect((comparison?["pValue"] as? Double).map { $0 >= 0 && $0 <= 1 } == true)
        #expect((object?["config"] as? [String: Any])?.keys.sorted() == ["alpha", "temperature"])

        let compare = try CLITests.run(["compare", "--experiment", "demo", "--root", root])
        #expect(compare.status == 0, "\(compare.stderr)")
        let pivot = compare.text.components(separatedBy: "(best per run; * = best cell)")
        #expect(pivot.count == 2)
        #expect(pivot[1].filter { $0 == "*" }.count == 1)
        #expect(pivot[1].contains("0.02") && pivot[1].contains("0.7"))

        let csv = try CLITests.run(["compare", ids[0], ids[1], "--root", root, "--csv"])
        #expect(csv.text.split(separator: "\n")[0].hasPrefix("run,alpha,"))
    }

    @Test func sameConfigDifferentSeedIsNotSignificant() throws {
        let a = try simulate(["--seed", "1"]), b = try simulate(["--seed", "2"])
        let diff = try CLITests.run(["diff", a, b, "--root", root])
        #expect(diff.status == 0)
        #expect(diff.text.contains("config differences\n  (none)"))
        #expect(diff.text.contains("not significant"))
    }

    @Test func diffAcrossExperimentsWarnsButWorks() throws {
        let a = try simulate([], experiment: "one"), b = try simulate([], experiment: "two")
        let diff = try CLITests.run(["diff", a, b, "--root", root])
        #expect(diff.status == 0)
        #expect(diff.stderr.contains("different experiments (one vs two)"))
    }

    @Test func unknownRunIsAnErrorWithSuggestions() throws {
        let id = try simulate([])
        let wrong = String(id.dropLast()) + (id.hasSuffix("a") ? "b" : "a")
        let r = try CLITests.run(["show", wrong, "--root", root])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no run '\(wrong)'") && r.stderr.contains("did you mean demo/\(id)"))
    }

    @Test func killedWriterLeavesReadableLog() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workbench")
        let p = Process()
        p.executableURL = binary
        p.arguments = ["simulate", "--root", root, "--experiment", "crash", "--steps", "100000", "--delay-ms", "1"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 3)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: root + "/crash").first)
        let log = URL(fileURLWithPath: "\(root)/crash/\(folder)/metrics.jsonl.zst")
        // every complete frame reads with the stock tool (a frame torn by the kill is the only possible loss)
        let z = try RunFolderTestsBridge.zstd(log)
        let show = try CLITests.run(["show", folder, "--root", root])
        #expect(show.status == 0)
        #expect(show.text.contains("status     running"))
        #expect(z.status == 0 || show.stderr.contains("torn or corrupt"))
        #expect(z.lines > 100)
    }

    @Test func terminatedWriterIsMarkedKilledWithEveryLineFlushed() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workbench")
        let p = Process()
        p.executableURL = binary
        p.arguments = ["simulate", "--root", root, "--experiment", "term", "--steps", "100000", "--delay-ms", "1"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 2)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 128 + SIGTERM)
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: root + "/term").first)
        let manifest = try String(contentsOfFile: "\(root)/term/\(folder)/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"status\" : \"killed\""))
        let z = try RunFolderTestsBridge.zstd(URL(fileURLWithPath: "\(root)/term/\(folder)/metrics.jsonl.zst"))
        #expect(z.status == 0 && z.lines > 100)
    }

    @Test func fullDiskMarksTheRunFailedAndKeepsWhatWasWritten() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workbench").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        // files may not grow past 8 KiB: the write that crosses it fails as on a full disk (SIGXFSZ ignored)
        p.arguments = ["-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" simulate --root \"$1\" --experiment full --steps 20000 --queries 20", binary, root]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        #expect(message.contains("metrics.jsonl.zst") && message.contains("write failed"))
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: root + "/full").first)
        let manifest = try String(contentsOfFile: "\(root)/full/\(folder)/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"status\" : \"failed: "))
        let z = try RunFolderTestsBridge.zstd(URL(fileURLWithPath: "\(root)/full/\(folder)/metrics.jsonl.zst"))
        #expect(z.status == 0 && z.lines > 50)
    }
}

/// `zstd -dc` as the tests of the run folder use it.
enum RunFolderTestsBridge {
    static func zstd(_ url: URL) throws -> (status: Int32, lines: Int) {
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
}
