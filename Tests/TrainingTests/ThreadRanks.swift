import Foundation
import Tensors
@testable import Training

/// N ranks as N threads of this process, to test the trainer's collectives without MPI: each collective is a
/// rendezvous where every rank leaves its input, all take what they need once everyone has arrived, and nobody
/// leaves before all have taken it. `run` starts one thread per rank and waits for all of them.
final class ThreadRanks: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var arrived = 0, generation = 0
    private var inputs: [UnsafeRawBufferPointer?]

    init(_ size: Int) {
        self.size = size
        inputs = Array(repeating: nil, count: size)
    }

    /// One rank's view: a `DataParallelGroup`.
    final class Member: DataParallelGroup, @unchecked Sendable {
        let ranks: ThreadRanks
        let rank: Int
        var size: Int { ranks.size }
        init(_ ranks: ThreadRanks, rank: Int) { (self.ranks, self.rank) = (ranks, rank) }

        func allGather(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws {
            ranks.exchange(rank, UnsafeRawBufferPointer(start: input, count: count * 4)) { all in
                for (r, buffer) in all.enumerated() {
                    UnsafeMutableRawPointer(output + r * count).copyMemory(from: buffer.baseAddress!, byteCount: count * 4)
                }
            }
        }

        func allGather(bytes: [UInt8]) throws -> [[UInt8]] {
            var out: [[UInt8]] = []
            bytes.withUnsafeBytes { mine in ranks.exchange(rank, mine) { all in out = all.map { Array($0) } } }
            return out
        }

        func allToAll(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) throws {
            ranks.exchange(rank, UnsafeRawBufferPointer(start: input, count: size * count * 4)) { all in
                for (r, buffer) in all.enumerated() {
                    UnsafeMutableRawPointer(output + r * count)
                        .copyMemory(from: buffer.baseAddress! + rank * count * 4, byteCount: count * 4)
                }
            }
        }
    }

    /// Runs `body` on every rank, each on its own thread; returns their results in rank order.
    func run<T>(_ body: @escaping (Member) throws -> T) throws -> [T] {
        let body = UncheckedSendable(body)     // the ranks share nothing but what the test gives them
        let results = UncheckedSendable(Results<T>(size)), done = DispatchSemaphore(value: 0)
        for r in 0..<size {
            let member = Member(self, rank: r)
            let thread = Thread {
                let result = Result { try body.value(member) }
                results.value.lock.lock()
                results.value.values[r] = result
                results.value.lock.unlock()
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<size { done.wait() }
        return try results.value.values.map { try $0!.get() }
    }

    /// The ranks' results as they finish.
    private final class Results<T> {
        var values: [Result<T, Error>?]
        let lock = NSLock()
        init(_ count: Int) { values = Array(repeating: nil, count: count) }
    }

    /// Leaves `input`, waits for everyone's, lets `take` read all of them, and waits until every rank has taken.
    private func exchange(_ rank: Int, _ input: UnsafeRawBufferPointer, _ take: ([UnsafeRawBufferPointer]) -> Void) {
        condition.lock()
        inputs[rank] = input
        condition.unlock()
        barrier()
        take(inputs.map { $0! })
        barrier()
    }

    private func barrier() {
        condition.lock()
        defer { condition.unlock() }
        let current = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while current == generation { condition.wait() }
        }
    }
}
