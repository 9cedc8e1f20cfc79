import Foundation
import Testing
import TestSupport
@testable import Workbench

/// `--launcher slurm` against a real Slurm: the one-node cluster of `scripts/slurm.sh` (slurmctld + slurmd on this
/// machine, munge), which `scripts/test.sh` starts before the tests and stops after. Like the real models, the
/// cluster is never skipped: without it these tests fail and name the command that starts it.
@Suite(.serialized) struct SlurmClusterTests {
    /// What the tests need and did not find (the cluster, or a job that never ends).
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The cluster's environment: `SLURM_CONF` as given, else the config `scripts/slurm.sh` writes.
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        if env["SLURM_CONF"] == nil { env["SLURM_CONF"] = "/tmp/wb-slurm/slurm.conf" }
        return env
    }

    /// A client of the running cluster, or a failure naming the command that starts it.
    static func cluster() throws -> SlurmClient {
        do {
            let client = try SlurmClient(environment: environment)
            try client.ping()
            return client
        } catch {
            throw Unavailable("a running Slurm cluster (\(error)); start the test cluster with: bash scripts/slurm.sh up")
        }
    }

    /// The experiment the tasks run: exp-sts-finetune, built beside the tests.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("exp-sts-finetune")
    }

    /// The tiny BERT of the architecture fixtures (2 layers, hidden 32): cells train in seconds.
    static var tinyModel: String { Repository.root.appendingPathComponent("Tests/ModelsTests/Fixtures/architectures/tiny-bge").path }

    static func experiment(_ arguments: [String], environment: [String: String] = environment) throws -> CLITests.Result {
        try CLITests.execute(executable, arguments, environment: environment)
    }

    /// Waits until Slurm lists no task of `job` (or fails after `timeout` seconds).
    static func waitUntilDone(_ client: SlurmClient, job: String, timeout: Double = 600) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !client.states(jobs: [job]).isEmpty {
            guard Date() < deadline else { throw Unavailable("Slurm job \(job) still queued after \(Int(timeout)) s") }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    static func jobId(_ stdout: String) throws -> String {
        let line = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("submitted Slurm job ") })
        return String(line.dropFirst("submitted Slurm job ".count).prefix { $0.isNumber })
    }

    /// 4 cells as one array job (2 at once). While they train, task 1 is cancelled with `scancel` (its run ends
    /// `killed`) and task 2's process is killed with SIGKILL, as when its node dies (its manifest stays at running,
    /// its cell claim stays behind): `workbench runs` shows it crashed, from Slurm's queue. Submitting the same
    /// sweep again runs those two cells alone, and every cell ends with one finished run naming its array task.
    @Test func sweepOnSlurmResubmitsOnlyTheCellsThatDidNotFinish() throws {
        let client = try Self.cluster()
        let folder = try TemporaryFolder(prefix: "wb-slurm")
        let root = folder.url
        let sweep = ["--model", Self.tinyModel, "--seed", "1,2,3,4", "--max-steps", "2000", "--batch-size", "8",
                     "--evaluate-every", "0", "--launcher", "slurm", "--max-parallel", "2", "--cpus-per-task", "1", "--root", root.path]
        let first = try Self.experiment(sweep)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.text.contains("4 of 4 cells (1, 2, 3, 4) as array tasks 0,1,2,3%2"))
        let job = try Self.jobId(first.text)
        // submitted again at once: every cell is queued or running, nothing is submitted twice
        let again = try Self.experiment(sweep)
        #expect(again.status == 0 && again.text.contains("nothing submitted"), "\(again.text)")
        #expect(again.text.components(separatedBy: "queued as Slurm job \(job)_").count - 1 == 4, "\(again.text)")
        // cells throttled by %2 have no run yet: listed as pending from Slurm's queue
        let queued = try CLITests.execute(CLITests.binary, ["runs", "sts-finetune", "--root", root.path], environment: Self.environment)
        #expect(queued.text.contains("pending (Slurm \(job)_3)"), "\(queued.text)")

        // stop tasks 1 and 2 once their runs are writing
        let store = RunStore(root: root)
        func running(task: Int) -> Manifest? {
            store.runs(experiment: "sts-finetune").lazy.compactMap { try? Manifest.read(folder: $0.folder) }
                .first { $0.slurm?.spec == "\(job)_\(task)" && $0.status == .running }
        }
        func waitForRun(task: Int) throws -> Manifest {
            let deadline = Date().addingTimeInterval(300)
            while Date() < deadline {
                if let m = running(task: task) { return m }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw Unavailable("array task \(job)_\(task) never started its run")
        }
        _ = try waitForRun(task: 1)
        try client.cancel("\(job)_1")
        let doomed = try waitForRun(task: 2)
        #expect(kill(try #require(doomed.pid), SIGKILL) == 0)
        try Self.waitUntilDone(client, job: job)

        var manifests = try store.runs(experiment: "sts-finetune").map { try Manifest.read(folder: $0.folder) }
        #expect(manifests.count == 4)
        #expect(manifests.filter { $0.status == .finished }.compactMap(\.seed).sorted() == [1, 4])
        let cancelled = try #require(manifests.first { $0.seed == 2 })
        #expect(cancelled.status == .killed)
        #expect(cancelled.slurm == SlurmJob(jobId: cancelled.slurm!.jobId, arrayJobId: job, arrayTaskId: 1, cluster: "wb"))
        #expect(manifests.first { $0.seed == 3 }?.status == .running)                  // died without a word
        let listed = try CLITests.execute(CLITests.binary, ["runs", "sts-finetune", "--root", root.path], environment: Self.environment)
        #expect(listed.status == 0 && listed.text.split(separator: "\n").filter { $0.contains("finished") }.count == 2, "\(listed.text)")
        #expect(listed.text.contains("killed") && listed.text.contains("crashed (Slurm \(job)_2 is no longer queued)"), "\(listed.text)")

        // the same command again: only the two cells without a finished run are submitted
        let second = try Self.experiment(sweep)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.text.contains("2 of 4 cells (2, 3) as array tasks 1,2%2"), "\(second.text)")
        #expect(second.text.components(separatedBy: "finished — skipped").count - 1 == 2)
        try Self.waitUntilDone(client, job: try Self.jobId(second.text))
        manifests = try store.runs(experiment: "sts-finetune").map { try Manifest.read(folder: $0.folder) }
        #expect(manifests.count == 6)
        #expect(manifests.filter { $0.status == .finished }.compactMap(\.seed).sorted() == [1, 2, 3, 4])
        // a third time there is nothing left to run
        let third = try Self.experiment(sweep)
        #expect(third.status == 0 && third.text.contains("nothing submitted"), "\(third.text)")
    }

    /// A submission that cannot succeed says why and leaves nothing behind: no sbatch on PATH, a controller that
    /// does not answer, a root the tasks could not write, bad resources, a cell outside the sweep.
    @Test func badSubmissionsSayWhyAndSubmitNothing() throws {
        _ = try Self.cluster()
        let folder = try TemporaryFolder(prefix: "wb-slurm-bad")
        let root = folder.url.appendingPathComponent("runs")
        let base = ["--model", Self.tinyModel, "--seed", "1,2", "--max-steps", "2", "--launcher", "slurm", "--root", root.path]
        func submissions() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("sts-finetune/.slurm").path)) ?? []).count
        }

        var noSlurm = Self.environment
        noSlurm["PATH"] = "/nonexistent"
        let missing = try Self.experiment(base, environment: noSlurm)
        #expect(missing.status != 0 && missing.stderr.contains("'sbatch' is not on PATH") && missing.stderr.contains("scripts/slurm.sh up"))

        // a controller nobody runs: the cluster's config with another port
        let conf = try String(contentsOfFile: Self.environment["SLURM_CONF"]!, encoding: .utf8)
        let downConf = try folder.write("down.conf", text: conf.replacingOccurrences(of: "ClusterName=wb", with: "ClusterName=wb\nSlurmctldPort=6899\nMessageTimeout=2"))
        var down = Self.environment
        down["SLURM_CONF"] = downConf.path
        let noController = try Self.experiment(base, environment: down)
        #expect(noController.status != 0 && noController.stderr.contains("controller does not answer") && noController.stderr.contains("nothing was submitted"),
                "\(noController.stderr)")

        let unwritable = try Self.experiment(["--model", Self.tinyModel, "--max-steps", "2", "--launcher", "slurm", "--root", "/proc/wb-runs"])
        #expect(unwritable.status != 0 && unwritable.stderr.contains("/proc/wb-runs cannot be written"), "\(unwritable.stderr)")

        let badTime = try Self.experiment(base + ["--time", "2h"])
        #expect(badTime.status != 0 && badTime.stderr.contains("--time 2h: expected HH:MM:SS"))
        let badLauncher = try Self.experiment(base.filter { $0 != "slurm" && $0 != "--launcher" } + ["--launcher", "lsf"])
        #expect(badLauncher.status != 0 && badLauncher.stderr.contains("--launcher lsf: expected local or slurm"))
        let badCell = try Self.experiment(["--model", Self.tinyModel, "--seed", "1,2", "--max-steps", "2", "--root", root.path, "--cell", "2"])
        #expect(badCell.status != 0 && badCell.stderr.contains("--cell 2: the sweep has cells 0…1"))
        #expect(submissions() == 0, "a refused submission left files in .slurm")
    }
}
