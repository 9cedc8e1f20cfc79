import Foundation
import Testing
import TestSupport
@testable import Workbench

/// The parts of `--launcher slurm` that need no cluster: option checks, the array script, the forwarded command
/// line, and the cell claims that keep a cell from running twice at once.
@Suite struct SlurmLauncherTests {
    @Test func optionsTakeSlurmsFormsAndRejectOthers() throws {
        let ok = try SlurmOptions(extra: ["--partition": "gpu-a", "--time": "1-02:03:04", "--cpus-per-task": "4",
                                          "--mem": "8G", "--max-parallel": "3"])
        #expect(ok == SlurmOptions(partition: "gpu-a", time: "1-02:03:04", cpusPerTask: 4, mem: "8G", maxParallel: 3))
        for time in ["30", "5:00", "02:00:00", "2-12", "2-12:30"] { #expect(try SlurmOptions(extra: ["--time": time]).time == time) }
        let bad: [(String, String, String)] = [("--time", "2h", "HH:MM:SS"), ("--time", "1:2:3:4", "HH:MM:SS"),
                                              ("--cpus-per-task", "0", "≥ 1"), ("--max-parallel", "many", "≥ 1"),
                                              ("--mem", "8 GB", "8G"), ("--partition", "a b", "partition name")]
        for (flag, value, expected) in bad {
            #expect { try SlurmOptions(extra: [flag: value]) } throws: { error in
                let text = "\(error)"
                return text.contains(flag) && text.contains(value) && text.contains(expected)
            }
        }
    }

    /// One array task per cell still to run, `%K` throttling, every resource line, the command quoted for the shell.
    @Test func scriptRunsEachCellAsItsArrayTask() throws {
        let launcher = SlurmArrayScript(experiment: "legal-finetune", options: SlurmOptions(time: "01:00:00", cpusPerTask: 2, maxParallel: 2))
        let text = launcher.text(cells: [0, 2, 3], root: URL(fileURLWithPath: "/shared/runs"),
                                 folder: URL(fileURLWithPath: "/shared/runs/legal-finetune/.slurm"),
                                 executable: URL(fileURLWithPath: "/opt/wb/exp-legal-finetune"),
                                 forwarded: ["--alpha", "0.3,0.7", "--note", "it's"])
        #expect(text.contains("#SBATCH --array=0,2,3%2\n"))
        #expect(text.contains("#SBATCH --time=01:00:00\n") && text.contains("#SBATCH --cpus-per-task=2\n"))
        #expect(text.contains("#SBATCH --output=/shared/runs/legal-finetune/.slurm/%A_%a.out\n"))
        #expect(text.contains("exec '/opt/wb/exp-legal-finetune' '--alpha' '0.3,0.7' '--note' 'it'\\''s' '--root' '/shared/runs' --cell \"$SLURM_ARRAY_TASK_ID\""))
        #expect(!text.contains("--partition"))                                   // left to the cluster's default
    }

    @Test func forwardedArgumentsDropLauncherFlags() {
        let args = ["--alpha", "0.3,0.7", "--launcher", "slurm", "--time=01:00:00", "--root", "runs", "--max-parallel", "2", "--seed", "1"]
        let kept = Experiment<ExperimentRunnerTests.Config>.forwarded(args, dropping: Set(["--launcher", "--root", "--cell"] + SlurmOptions.flags))
        #expect(kept == ["--alpha", "0.3,0.7", "--seed", "1"])
    }

    /// A live holder keeps its cell; a dead one's claim is taken over; a released claim is free again.
    @Test func cellClaimsHoldWhileTheirHolderLives() throws {
        let folder = try TemporaryFolder(prefix: "wb-locks")
        let config: [String: JSONValue] = ["alpha": .number(0.3), "model": .string("m")]
        guard case .acquired(let mine) = try CellLock.claim(root: folder.url, experiment: "e", config: config, slurm: nil) else {
            Issue.record("a free cell could not be claimed"); return
        }
        guard case .held(let holder, let evidence, _) = try CellLock.claim(root: folder.url, experiment: "e", config: config, slurm: nil) else {
            Issue.record("a cell held by a live process was claimed again"); return
        }
        #expect(holder.pid == getpid() && evidence.contains("runs it"))
        // another cell is independent
        guard case .acquired(let other) = try CellLock.claim(root: folder.url, experiment: "e", config: ["alpha": .number(0.7)], slurm: nil) else {
            Issue.record("claims of different cells collided"); return
        }
        other.release()
        mine.release()
        guard case .acquired(let again) = try CellLock.claim(root: folder.url, experiment: "e", config: config, slurm: nil) else {
            Issue.record("a released cell could not be claimed"); return
        }
        // a holder whose process is gone (a node that died, kill -9) leaves a claim that the next claimant takes over
        var dead = again.holder
        dead.pid = Self.exitedPid()
        dead.pidStartTicks = nil
        try JSONEncoder().encode(dead).write(to: again.url)
        guard case .acquired(let takenOver) = try CellLock.claim(root: folder.url, experiment: "e", config: config, slurm: nil) else {
            Issue.record("the claim of a dead process was not taken over"); return
        }
        #expect(takenOver.holder.pid == getpid())
        takenOver.release()
        #expect(!FileManager.default.fileExists(atPath: takenOver.url.path))
    }

    /// The pid of a child that has exited (and been reaped).
    static func exitedPid() -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try? p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }
}
