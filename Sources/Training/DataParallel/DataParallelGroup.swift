/// The ranks of a data-parallel job, as the trainer sees them: who this process is and the three collectives it
/// needs. `Workbench` adapts an MPI job (`Distributed.MPIWorld`) to it, so `Training` never links MPI.
///
/// Every rank must make the same calls in the same order with the same counts; a call that fails (a peer died, the
/// transport broke) throws, and the trainer stops with `DataParallelError.collectiveFailed`.
public protocol DataParallelGroup: AnyObject {
    /// This process, 0 ..< size; rank 0 alone writes the run folder, evaluates and checkpoints.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }
    /// Every rank's `count` floats, in rank order: `output` holds `size · count`.
    func allGather(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws
    /// Every rank's bytes (the same count on every rank), in rank order.
    func allGather(bytes: [UInt8]) throws -> [[UInt8]]
    /// Block r of `input` [size, count] goes to rank r; block r of `output` [size, count] is what rank r sent here.
    func allToAll(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws
}
