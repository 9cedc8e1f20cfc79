import Dispatch
import Foundation

/// Splits `0..<count` into contiguous chunks processed on up to `Parallel.width` threads.
public enum Parallel {
    /// Threads used for element-wise and row-wise kernels (the BLAS has its own): the CPUs this process may use,
    /// at most 8, or in a Slurm task the CPUs it was given (`SLURM_CPUS_PER_TASK`; a cluster without cgroups
    /// would otherwise let every task of a node take all of its cores).
    nonisolated(unsafe) public static var width = max(1, min(8, ProcessInfo.processInfo.environment["SLURM_CPUS_PER_TASK"]
        .flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount))

    /// Runs `body(lo, hi)` over chunks of `0..<count`; small work (below `grain` items) runs inline.
    public static func forRanges(_ count: Int, grain: Int = 64, _ body: (Int, Int) -> Void) {
        let chunks = min(width, max(1, count / max(grain, 1)))
        if chunks <= 1 {
            if count > 0 { body(0, count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = count * c / chunks, hi = count * (c + 1) / chunks
                if hi > lo { box.value(lo, hi) }
            }
        }
    }
}

/// Carries a non-Sendable value (a pointer, a closure) into concurrent chunks; callers make sure the chunks do not race.
public struct UncheckedSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
