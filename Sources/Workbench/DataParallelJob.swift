import Distributed
import Foundation
import Runs
import Tensors
import Training

/// This process as one rank of `mpirun -np N exp-… --data-parallel`: the trainer's collectives over Open MPI
/// (`Distributed.MPIWorld`), the node's cores shared among its ranks, and the start-up check that every rank runs
/// the same executable with the same cells.
public final class DataParallelJob: DataParallelGroup {
    public let world: MPIWorld
    public var rank: Int { world.rank }
    public var size: Int { world.size }
    /// Whether this rank prints and writes (rank 0).
    var isLeader: Bool { world.rank == 0 }

    private init(world: MPIWorld) { self.world = world }

    /// The job this process was started in, its threads limited to its share of the node's cores.
    ///
    /// - Throws: `ExperimentError.invalidDataParallel` outside an MPI launcher; `MPIError` when MPI cannot start.
    public static func joined(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DataParallelJob {
        guard let world = try MPIWorld.joined() else {
            throw ExperimentError.invalidDataParallel("this process was not started by an MPI launcher; run it as "
                                                      + "mpirun -np N <experiment> … --data-parallel")
        }
        // ranks on one node share its cores (a Slurm task's CPUs are already its own)
        if environment["SLURM_CPUS_PER_TASK"] == nil {
            let local = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap { Int($0) } ?? 1
            let cores = max(1, ProcessInfo.processInfo.activeProcessorCount / max(local, 1))
            Parallel.width = min(Parallel.width, cores)
            if environment["OPENBLAS_NUM_THREADS"] == nil { BLAS.threads = min(BLAS.threads, cores) }
        }
        return DataParallelJob(world: world)
    }

    public func allGather(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws {
        try world.allGather(input, count: count, into: output)
    }

    public func allGather(bytes: [UInt8]) throws -> [[UInt8]] { try world.allGather(bytes: bytes) }

    public func allToAll(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws {
        try world.allToAll(input, count: count, into: output)
    }

    /// Checks that every rank runs the same executable (its sha256) with the same `config` (the cells as JSON):
    /// each rank's hashes are gathered, so every rank finds the same disagreement and stops with the same error
    /// before anything is written.
    func checkAgreement(config: String) throws {
        let code = Provenance.executableHash ?? String(repeating: "0", count: 64)         // 64 hex digits each
        let everyone = try world.allGather(bytes: Array((code + Provenance.sha256(text: config)).utf8))
        let (codes, configs) = (everyone.map { $0.prefix(64) }, everyone.map { $0.suffix(64) })
        let otherCode = codes.indices.filter { codes[$0] != codes[0] }
        let otherConfig = configs.indices.filter { configs[$0] != configs[0] }
        if !otherCode.isEmpty {
            throw DataParallelError.ranksDisagree("rank \(otherCode.map(String.init).joined(separator: ", ")) runs another executable than rank 0 "
                                                  + "(sha256 differs); start every rank from the same build")
        }
        if !otherConfig.isEmpty {
            throw DataParallelError.ranksDisagree("rank \(otherConfig.map(String.init).joined(separator: ", ")) was given another config than rank 0; "
                                                  + "give every rank the same options")
        }
    }

    /// Rank 0's `value`, on every rank (what the leader decided about a cell).
    func leaderDecides(_ value: Bool) throws -> Bool {
        var byte: [UInt8] = [value ? 1 : 0]
        try world.broadcast(&byte)
        return byte[0] == 1
    }
}
