import Foundation
import Testing
import TestSupport

/// Open MPI loaded at run time (`Distributed.MPIWorld`) under a real `mpirun` on this machine: two ranks check
/// every collective against known sums, gathers and broadcasts (`workbench mpi-probe`).
@Suite(.serialized) struct MPITests {
    /// A program the test needs and did not find.
    struct Missing: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// mpirun, from Debian's openmpi-bin (`scripts/install-system-deps.sh` installs it).
    static func mpirun() throws -> URL {
        let path = "/usr/bin/mpirun"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing("\(path) (Open MPI); install it with: bash scripts/install-system-deps.sh")
        }
        return URL(fileURLWithPath: path)
    }

    /// The environment of a launch as root in a container (Open MPI refuses root unless told).
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        return env
    }

    @Test func twoRanksAgreeOnEveryCollective() throws {
        let result = try CLITests.execute(try Self.mpirun(), ["-np", "2", "--oversubscribe", CLITests.binary.path, "mpi-probe",
                                                             "--megabytes", "4", "--repeats", "2"], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("ranks:        2 (Open MPI: "), "\(result.text)")
        #expect(result.text.contains("2 of 2 ranks found all-reduce, all-gather and broadcast correct"), "\(result.text)")
        #expect(result.text.contains("all-reduce:   4.0 MB float32"), "\(result.text)")
    }

    @Test func outsideALauncherItSaysHowToStart() throws {
        let result = try CLITests.run(["mpi-probe"])
        #expect(result.status != 0 && result.stderr.contains("mpirun -np 2 workbench mpi-probe"), "\(result.stderr)")
    }

    @Test func badSizesAreRefusedBeforeMPIStarts() throws {
        for (flag, value, message) in [("--megabytes", "0", "--megabytes must be > 0"), ("--repeats", "0", "--repeats must be ≥ 1")] {
            let result = try CLITests.run(["mpi-probe", flag, value])
            #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
