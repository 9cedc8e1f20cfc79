import Foundation
import Runs
import Testing
import TestSupport

/// `--data-parallel` under a real `mpirun` (Open MPI from Debian's openmpi-bin) on this machine, with the tiny BERT of
/// the fixtures: two ranks against one process with gradient accumulation, cross-device negatives against one
/// process with the whole global batch, a rank killed mid-run, and the inputs a job must refuse.
@Suite(.serialized) struct DataParallelTests {
    static var tinyModel: String { SlurmClusterTests.tinyModel }

    /// An experiment executable built beside the tests.
    static func experiment(_ name: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
    }

    /// `mpirun -np ranks <experiment> arguments --data-parallel`.
    static func launch(_ ranks: Int, _ name: String, _ arguments: [String]) throws -> CLITests.Result {
        try CLITests.execute(try MPITests.mpirun(), ["-np", "\(ranks)", "--oversubscribe", experiment(name).path] + arguments + ["--data-parallel"],
                             environment: MPITests.environment)
    }

    /// The only run of `experiment` under `root`.
    static func onlyRun(_ root: URL, _ experiment: String) throws -> RunData {
        let refs = RunStore(root: root).runs(experiment: experiment)
        try #require(refs.count == 1, "expected one run under \(root.path), found \(refs.count)")
        return try RunStore(root: root).load(refs[0])
    }

    /// The logged records without wall-clock time and memory (which differ between processes by nature).
    static func records(_ run: RunData) -> [[String: JSONValue]] {
        run.metrics.map { $0.fields.filter { key, _ in key != "time" && !key.hasPrefix("memory/") } }
    }

    /// 2 ranks, each taking 4 rows of every global batch of 8, log exactly what one process logs taking the same
    /// rows as 2 accumulated batches of 4 — every loss, gradient norm and evaluation, bit for bit — and save the same
    /// model bytes: the ranks' gradients are summed in rank order, the order accumulation adds micro-batches in.
    @Test func twoRanksEqualOneProcessAccumulatingTwoBatches() throws {
        let folder = try TemporaryFolder(prefix: "wb-dp")
        let common = ["--model", Self.tinyModel, "--max-steps", "6", "--evaluate-every", "3"]
        let parallel = try Self.launch(2, "exp-sts-finetune", common + ["--batch-size", "8", "--root", folder.url.appendingPathComponent("dp").path])
        #expect(parallel.status == 0, "\(parallel.stderr)")
        #expect(parallel.text.contains("2 data-parallel ranks"), "\(parallel.text)")
        let single = try CLITests.execute(Self.experiment("exp-sts-finetune"),
                                          common + ["--batch-size", "4", "--gradient-accumulation", "2",
                                                    "--root", folder.url.appendingPathComponent("one").path])
        #expect(single.status == 0, "\(single.stderr)")

        let a = try Self.onlyRun(folder.url.appendingPathComponent("dp"), "sts-finetune")
        let b = try Self.onlyRun(folder.url.appendingPathComponent("one"), "sts-finetune")
        #expect(a.manifest.dataParallelRanks == 2 && b.manifest.dataParallelRanks == nil)
        #expect(a.series("loss").count == 6 && a.series("eval/stsb-dev/spearman_cosine").count == 3)
        #expect(Self.records(a) == Self.records(b))
        let model = "model/model.safetensors"
        #expect(try Data(contentsOf: a.ref.folder.appendingPathComponent(model)) == Data(contentsOf: b.ref.folder.appendingPathComponent(model)))
    }

    /// The flagship's `--gather-across-devices true` through MPI: each rank's queries pick their passages among the
    /// whole global batch of 8 (InfoNCE inside Matryoshka, mixed with STS-B), so the 2-rank run's losses are one
    /// process's with batches of 8, to float rounding, and differ clearly without the gather, where each rank's
    /// negatives are its own 4 rows (the tiny model's 54-token vocabulary reads Chinese as unknown tokens, so the
    /// domain loss sits near ln 8 vs ln 4 per width; `DataParallelUnitTests` checks the gradients on real values).
    /// Dropout is off so that the two layouts see the same forward passes.
    @Test func crossDeviceNegativesSpanTheGlobalBatch() throws {
        let folder = try TemporaryFolder(prefix: "wb-dp")
        let common = ["--model", Self.tinyModel, "--dims", "32,16", "--max-steps", "3", "--evaluate-every", "0", "--batch-size", "8",
                      "--max-seq-length", "64", "--dropout", "false"]
        func root(_ name: String) -> String { folder.url.appendingPathComponent(name).path }
        let gathered = try Self.launch(2, "exp-legal-finetune", common + ["--gather-across-devices", "true", "--root", root("gathered")])
        #expect(gathered.status == 0, "\(gathered.stderr)")
        let local = try Self.launch(2, "exp-legal-finetune", common + ["--root", root("local")])
        #expect(local.status == 0, "\(local.stderr)")
        let single = try CLITests.execute(Self.experiment("exp-legal-finetune"), common + ["--gather-across-devices", "true", "--root", root("one")])
        #expect(single.status == 0, "\(single.stderr)")

        let (g, l, one) = (try Self.onlyRun(folder.url.appendingPathComponent("gathered"), "legal-finetune"),
                           try Self.onlyRun(folder.url.appendingPathComponent("local"), "legal-finetune"),
                           try Self.onlyRun(folder.url.appendingPathComponent("one"), "legal-finetune"))
        let key = "loss/domain"
        let (gs, ls, os) = (g.series(key).map(\.value), l.series(key).map(\.value), one.series(key).map(\.value))
        try #require(gs.count == 3 && ls.count == 3 && os.count == 3, "\(gs) \(ls) \(os)")
        for (x, y) in zip(gs, os) { #expect(abs(x - y) <= 1e-5 * abs(y), "gathered \(gs) vs one process \(os)") }
        #expect(abs(ls[0] - os[0]) > 0.05, "without the gather, 4 candidates per query: \(ls) vs \(os)")
        let general = "loss/general"
        for (x, y) in zip(g.series(general).map(\.value), one.series(general).map(\.value)) { #expect(abs(x - y) <= 1e-5 * abs(y)) }
    }

    /// Killing rank 1 mid-run stops the job with mpirun's report of the dead rank and a non-zero exit; rank 0's run
    /// is left killed with its checkpoints intact, and `--resume` continues it on one process to the end.
    @Test func aDeadRankStopsTheJobAndTheRunResumesOnOneRank() throws {
        let folder = try TemporaryFolder(prefix: "wb-dp")
        let arguments = ["--model", Self.tinyModel, "--max-steps", "150", "--evaluate-every", "10", "--batch-size", "8",
                         "--root", folder.url.path]
        let process = Process()
        process.executableURL = try MPITests.mpirun()
        process.arguments = ["-np", "2", "--oversubscribe", Self.experiment("exp-sts-finetune").path] + arguments + ["--data-parallel"]
        process.environment = MPITests.environment
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // once a checkpoint is on disk, rank 1 dies as on a failed node
        let deadline = Date().addingTimeInterval(120)
        var checkpointed = false
        while !checkpointed, process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            checkpointed = RunStore(root: folder.url).runs(experiment: "sts-finetune").contains {
                (try? FileManager.default.contentsOfDirectory(atPath: $0.folder.appendingPathComponent("checkpoints").path))?.isEmpty == false
            }
        }
        try #require(checkpointed && process.isRunning, "no checkpoint while the job ran")
        let rank1 = try #require(Self.rank(1, under: process.processIdentifier), "rank 1's process")
        kill(rank1, SIGKILL)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains("rank 1") && message.contains("signal 9"), "\(message)")

        let run = try Self.onlyRun(folder.url, "sts-finetune")
        #expect(run.manifest.status != .finished && run.manifest.status != .running, "\(run.manifest.status)")
        let resumed = try CLITests.execute(Self.experiment("exp-sts-finetune"), arguments + ["--resume", run.ref.id])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.text.contains("resuming sts-finetune/\(run.ref.id) from step "), "\(resumed.text)")
        let after = try Self.onlyRun(folder.url, "sts-finetune")
        #expect(after.manifest.status == .finished)
        #expect(after.series("loss").map(\.step) == Array(1...150))
    }

    /// The child of `launcher` (mpirun) that is rank `rank`, read from its environment.
    static func rank(_ rank: Int, under launcher: Int32) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == launcher,
                  let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { continue }
            if environ.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=\(rank)" }) {
                return pid
            }
        }
        return nil
    }

    /// Inputs a data-parallel job refuses before any run folder is written, each with a clear message and a
    /// non-zero exit: a global batch the ranks cannot split evenly, ranks given different configs, ranks running
    /// different executables, `--data-parallel` outside a launcher and with `--launcher slurm`.
    @Test func badInputIsRefusedBeforeAnythingIsWritten() throws {
        let folder = try TemporaryFolder(prefix: "wb-dp")
        let base = ["--model", Self.tinyModel, "--max-steps", "2", "--root", folder.url.path]
        let exp = Self.experiment("exp-sts-finetune").path

        let uneven = try Self.launch(2, "exp-sts-finetune", base + ["--batch-size", "7"])
        #expect(uneven.status != 0 && uneven.stderr.contains("the global batch (--batch-size 7) must be a multiple of 2"), "\(uneven.stderr)")

        let mpmd = { (first: [String], second: [String], program: String) throws -> CLITests.Result in
            try CLITests.execute(try MPITests.mpirun(), ["--oversubscribe", "-np", "1", exp] + first + ["--data-parallel", ":", "-np", "1", program]
                                 + second + ["--data-parallel"], environment: MPITests.environment)
        }
        let configs = try mpmd(base + ["--lr", "1e-5"], base + ["--lr", "2e-5"], exp)
        #expect(configs.status != 0 && configs.stderr.contains("rank 1 was given another config than rank 0"), "\(configs.stderr)")

        let copy = folder.url.appendingPathComponent("exp-sts-finetune-other")
        try FileManager.default.copyItem(atPath: exp, toPath: copy.path)
        let handle = try FileHandle(forWritingTo: copy)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))                          // another build: same program, other bytes
        try handle.close()
        let code = try mpmd(base, base, copy.path)
        #expect(code.status != 0 && code.stderr.contains("rank 1 runs another executable than rank 0"), "\(code.stderr)")

        let outside = try CLITests.execute(URL(fileURLWithPath: exp), base + ["--data-parallel"])
        #expect(outside.status != 0 && outside.stderr.contains("not started by an MPI launcher"), "\(outside.stderr)")
        let slurm = try CLITests.execute(URL(fileURLWithPath: exp), base + ["--data-parallel", "--launcher", "slurm"])
        #expect(slurm.status != 0 && slurm.stderr.contains("--data-parallel: not with --launcher slurm"), "\(slurm.stderr)")

        #expect(RunStore(root: folder.url).runs(experiment: "sts-finetune").isEmpty)
    }
}
