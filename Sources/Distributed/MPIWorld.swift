import CMPI
import Foundation

/// The ranks of an MPI job (`MPI_COMM_WORLD`) and the collectives data-parallel training uses, over Open MPI loaded
/// at first use (`CMPI/mpi_loader.c`): the workbench builds and runs without MPI installed.
///
/// ```swift
/// if let world = try MPIWorld.joined() {          // nil when not started by mpirun
///     try world.allReduceSum(gradient.mutableData, count: gradient.count)
/// }
/// ```
/// Collectives return errors instead of aborting (`MPI_ERRORS_RETURN`), so a rank that meets a dead peer can say so.
public final class MPIWorld: Sendable {
    /// This process's rank, 0 ..< size.
    public let rank: Int
    /// How many ranks the job has.
    public let size: Int

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Whether this process was started by an MPI launcher (Open MPI's `mpirun` / `srun` with PMIx set these).
    public static func launched(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil
    }

    nonisolated(unsafe) private static var joinedWorld: MPIWorld?
    private static let lock = NSLock()

    /// The job this process belongs to, initialising MPI once; nil when the process was not started by a launcher.
    public static func joined() throws(MPIError) -> MPIWorld? {
        guard launched() else { return nil }
        return try initialized()
    }

    /// Initialises MPI (once).
    private static func initialized() throws(MPIError) -> MPIWorld {
        lock.lock()
        defer { lock.unlock() }
        if let joinedWorld { return joinedWorld }
        guard wb_mpi_init() == 0 else { throw .unavailable(String(cString: wb_mpi_error())) }
        let world = MPIWorld(rank: Int(wb_mpi_rank()), size: Int(wb_mpi_size()))
        joinedWorld = world
        return world
    }

    /// The Open MPI library in use.
    public var libraryPath: String { String(cString: wb_mpi_library_path()) }

    private func check(_ rc: Int32) throws(MPIError) {
        if rc != 0 { throw .collectiveFailed(String(cString: wb_mpi_error())) }
    }

    /// Sums `count` floats over every rank, in place (every rank ends with the same sums).
    public func allReduceSum(_ buffer: UnsafeMutablePointer<Float>, count: Int) throws(MPIError) {
        try check(wb_mpi_allreduce_sum_float(buffer, count))
    }

    /// Every rank's `count` floats, in rank order: `output` holds `size · count`.
    public func allGather(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws(MPIError) {
        try check(wb_mpi_allgather_float(input, output, count))
    }

    /// Every rank's bytes, in rank order (`bytes` must have the same count everywhere).
    public func allGather(bytes: [UInt8]) throws(MPIError) -> [[UInt8]] {
        var out = [UInt8](repeating: 0, count: bytes.count * size)
        let rc = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { wb_mpi_allgather_bytes(input.baseAddress, $0.baseAddress, bytes.count) }
        }
        try check(rc)
        return (0..<size).map { Array(out[($0 * bytes.count)..<(($0 + 1) * bytes.count)]) }
    }

    /// Block r of `input` [size, count] goes to rank r; block r of `output` [size, count] is rank r's block for
    /// this rank (a personalised exchange: the reduce-scatter half of an all-reduce whose sum order the caller fixes).
    public func allToAll(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws(MPIError) {
        try check(wb_mpi_alltoall_float(input, output, count))
    }

    /// Rank `root`'s bytes, on every rank (`bytes` must have the same count everywhere).
    public func broadcast(_ bytes: inout [UInt8], root: Int = 0) throws(MPIError) {
        let rc = bytes.withUnsafeMutableBytes { wb_mpi_broadcast_bytes($0.baseAddress, $0.count, Int32(root)) }
        try check(rc)
    }

    /// Waits until every rank arrives.
    public func barrier() throws(MPIError) { try check(wb_mpi_barrier()) }

    /// Ends MPI for this process (call once, before exit).
    public func finalize() { wb_mpi_finalize() }
}
