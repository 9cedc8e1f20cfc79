import Foundation
import Runs
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

    /// Starts a long `workbench simulate` of `experiment`, sends `signal` after `seconds` and waits for the exit;
    /// returns the process and the run folder it wrote.
    func simulate(until signal: Int32, after seconds: Double, experiment: String) throws -> (process: Process, folder: URL) {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["simulate", "--root", root, "--experiment", experiment, "--steps", "100000", "--delay-ms", "1"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: seconds)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(root)/\(experiment)").first)
        return (p, URL(fileURLWithPath: "\(root)/\(experiment)/\(folder)"))
    }

    /// `zstd -dc FILE`: its exit status and line count.
    static func zstd(_ url: URL) throws -> (status: Int32, lines: Int) {
        let r = try CLITests.execute(URL(fileURLWithPath: "/usr/bin/env"), ["zstd", "-dcq", url.path])
        return (r.status, r.stdout.filter { $0 == UInt8(ascii: "\n") }.count)
    }

    @Test func killedWriterLeavesReadableLogAndReadsAsCrashed() throws {
        let (p, folder) = try simulate(until: SIGKILL, after: 3, experiment: "crash")
        #expect(p.terminationReason == .uncaughtSignal)
        // every complete frame reads with the stock tool (a frame torn by the kill is the only possible loss)
        let z = try Self.zstd(folder.appendingPathComponent("metrics.jsonl.zst"))
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"status\" : \"running\"") && manifest.contains("\"pid\" : \(p.processIdentifier)"))
        let data = try RunStore(root: URL(fileURLWithPath: root)).load(RunRef(experiment: "crash", id: folder.lastPathComponent, folder: folder))
        let lastStep = try #require(data.metrics.compactMap(\.step).last)
        #expect(lastStep > 100)

        let show = try CLITests.run(["show", folder.lastPathComponent, "--root", root])
        #expect(show.status == 0)
        #expect(show.text.contains("status     crashed at step \(lastStep), last heartbeat 20"), "\(show.text)")
        #expect(show.text.contains("the manifest says running, but process \(p.processIdentifier) on "))
        #expect(z.status == 0 || show.stderr.contains("torn or corrupt"))
        #expect(z.lines > 100)

        let list = try CLITests.run(["runs", "crash", "--root", root])
        #expect(list.status == 0)
        #expect(list.text.contains("crashed at step \(lastStep)"), "\(list.text)")
        let crashed = try CLITests.run(["runs", "--status", "crashed", "--root", root])
        #expect(crashed.text.contains(folder.lastPathComponent))
    }

    @Test func terminatedWriterIsMarkedKilledWithEveryLineFlushed() throws {
        let (p, folder) = try simulate(until: SIGTERM, after: 2, experiment: "term")
        #expect(p.terminationStatus == 128 + SIGTERM)
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"status\" : \"killed\""))
        let z = try Self.zstd(folder.appendingPathComponent("metrics.jsonl.zst"))
        #expect(z.status == 0 && z.lines > 100)
    }

    @Test func runFolderPathsWorkWhereIdsDo() throws {
        let a = try simulate([]), b = try simulate(["--seed", "7"])
        let parent = URL(fileURLWithPath: root).deletingLastPathComponent()
        let relative = URL(fileURLWithPath: root).lastPathComponent + "/demo/\(a)/"   // tab completion from the parent
        let show = try CLITests.run(["show", relative, "--root", root], in: parent)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.text.contains("run        demo/\(a)"))
        let absolute = try CLITests.run(["show", "\(root)/demo/\(a)", "--root", root])
        #expect(absolute.text == show.text)
        let diff = try CLITests.run(["diff", relative, "\(root)/demo/\(b)", "--root", root], in: parent)
        let byID = try CLITests.run(["diff", a, b, "--root", root])
        #expect(diff.status == 0 && diff.text == byID.text, "\(diff.stderr)")
        let report = try CLITests.run(["report", "\(root)/demo/\(a)/", a, "--root", root, "-o", "\(root)/r.html"])
        #expect(report.status == 0, "\(report.stderr)")
    }

    @Test func showOnAFolderThatIsNotARunSaysWhatWasExpected() throws {
        _ = try simulate([])
        let r = try CLITests.run(["show", "\(root)/demo/", "--root", root])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(root)/demo: not a run folder (expected a folder runs/<experiment>/<id>/ with a manifest.json in it)"),
                "\(r.stderr)")
    }

    @Test func fullDiskMarksTheRunFailedAndKeepsWhatWasWritten() throws {
        let binary = CLITests.binary.path
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
        let z = try Self.zstd(URL(fileURLWithPath: "\(root)/full/\(folder)/metrics.jsonl.zst"))
        #expect(z.status == 0 && z.lines > 50)
    }
}
