import ArgumentParser
import Distributed
import Foundation
import Tensors
import Training
import Workbench

/// `mpirun -np N workbench mpi-probe`: checks the collectives data-parallel training uses on every rank, and
/// measures the all-reduce of a gradient-sized buffer (what a data-parallel step adds to its compute): MPI's own
/// all-reduce, and the trainer's rank-ordered exchange (`GradientExchange`) of a gradient of that size.
struct MPIProbe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpi-probe",
        abstract: "Under mpirun: check all-reduce, all-gather and broadcast across the ranks, and time an all-reduce.")

    @Option(help: "Megabytes all-reduced (float32): 91 is all-MiniLM-L6-v2's gradient, 470 multilingual-e5-small's.")
    var megabytes: Double = 91
    @Option(help: "Timed all-reduces (the median is reported).") var repeats = 5

    func validate() throws {
        guard megabytes > 0, megabytes.isFinite else { throw ValidationError("--megabytes must be > 0") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1") }
    }

    func run() throws {
        guard MPIWorld.launched() else {
            throw CLIError("mpi-probe runs under an MPI launcher: mpirun -np 2 workbench mpi-probe (Open MPI: apt install openmpi-bin)")
        }
        let job = try DataParallelJob.joined()
        let world = job.world
        defer { world.finalize() }
        let (rank, size) = (world.rank, world.size)
        // 1. correctness: each rank contributes rank-dependent values whose sums, gathers and broadcasts are known
        let n = 1003
        var values = (0..<n).map { Float(rank + 1) * Float($0 % 17) }                  // [n]
        try values.withUnsafeMutableBufferPointer { try world.allReduceSum($0.baseAddress!, count: n) }
        let ranksSum = Float(size * (size + 1) / 2)
        let reduced = values.enumerated().allSatisfy { $1 == ranksSum * Float($0 % 17) }
        let mine = [Float(rank), Float(rank) * 0.5]
        var gathered = [Float](repeating: -1, count: 2 * size)                         // [size, 2]
        try mine.withUnsafeBufferPointer { m in
            try gathered.withUnsafeMutableBufferPointer { try world.allGather(m.baseAddress!, count: 2, into: $0.baseAddress!) }
        }
        let gatheredOK = (0..<size).allSatisfy { r -> Bool in
            let value = Float(r)
            return gathered[2 * r] == value && gathered[2 * r + 1] == value * 0.5
        }
        var bytes = rank == 0 ? Array("workbench".utf8) : [UInt8](repeating: 0, count: 9)
        try world.broadcast(&bytes)
        let broadcastOK = bytes == Array("workbench".utf8)
        var ok: [Float] = [reduced && gatheredOK && broadcastOK ? 1 : 0]
        try ok.withUnsafeMutableBufferPointer { try world.allReduceSum($0.baseAddress!, count: 1) }

        // 2. time: the median all-reduce of a gradient-sized buffer
        let count = Int(megabytes * 1_000_000 / 4)
        var buffer = [Float](repeating: 1, count: count)
        var times: [Double] = []
        try buffer.withUnsafeMutableBufferPointer { b in
            try world.allReduceSum(b.baseAddress!, count: count)                           // warm-up
            for _ in 0..<repeats {
                try world.barrier()
                let start = DispatchTime.now().uptimeNanoseconds
                try world.allReduceSum(b.baseAddress!, count: count)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
        }
        // 3. time: the trainer's exchange (all-to-all, sums in rank order, all-gather) of a gradient of the same size
        let gradient = Tensor(shape: [count], repeating: 1)                                // [count]
        let exchange = GradientExchange(group: job)
        var exchangeTimes: [Double] = []
        _ = try exchange.sum([.dense(gradient)], parameters: [gradient])                   // warm-up
        for _ in 0..<repeats {
            try world.barrier()
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try exchange.sum([.dense(gradient)], parameters: [gradient])
            exchangeTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        guard rank == 0 else { return }
        let median = times.sorted()[times.count / 2]
        let exchangeMedian = exchangeTimes.sorted()[exchangeTimes.count / 2]
        let bytesReduced = Double(count * 4)
        print("ranks:        \(size) (Open MPI: \(world.libraryPath))")
        print("collectives:  \(Int(ok[0])) of \(size) ranks found all-reduce, all-gather and broadcast correct")
        print(String(format: "all-reduce:   %.1f MB float32, median %.1f ms of %d", bytesReduced / 1e6, median * 1e3, repeats))
        // ring all-reduce moves 2(N−1)/N of the buffer through each rank's link ("bus bandwidth", as nccl-tests)
        let bus = size > 1 ? bytesReduced * 2 * Double(size - 1) / Double(size) / median / 1e9 : 0
        print(String(format: "bandwidth:    %.2f GB/s algorithm (bytes / time), %.2f GB/s bus (× 2(N−1)/N)", bytesReduced / median / 1e9, bus))
        let exchangeBus = size > 1 ? bytesReduced * 2 * Double(size - 1) / Double(size) / exchangeMedian / 1e9 : 0
        print(String(format: "exchange:     %.1f MB float32 summed in rank order (the trainer's), median %.1f ms: %.2f GB/s bus",
                     bytesReduced / 1e6, exchangeMedian * 1e3, exchangeBus))
        if Int(ok[0]) != size { throw CLIError("collectives disagree on \(size - Int(ok[0])) of \(size) ranks") }
    }
}
