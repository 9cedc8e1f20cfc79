import Foundation
import CKernels
import Synchronization

/// A process-wide free list of aligned float buffers, keyed by size class.
///
/// Training repeats nearly the same shapes every step, so buffers released by one step are handed to the
/// next instead of going back to malloc: memory stays flat over thousands of steps. Sizes are rounded up
/// to one of eight classes per power of two, so batches padded to slightly different lengths share
/// buffers instead of each length keeping its own set (the rounded-up tail of a large buffer is address
/// space only: pages never written are never resident). The pool keeps at most `cacheLimitBytes` of idle
/// buffers; anything beyond is freed. Between phases that use other shapes (training steps, an evaluation, the
/// next cell of a sweep) `trim()` frees every idle buffer, so one phase's buffers never sit beside the next's.
public final class BufferPool: Sendable {
    /// Counters for tests and benchmarks.
    public struct Statistics: Sendable, Equatable {
        /// Bytes currently handed out to live tensors.
        public var liveBytes = 0
        /// Highest `liveBytes` seen since the last reset.
        public var peakLiveBytes = 0
        /// Bytes held idle in the free lists.
        public var cachedBytes = 0
        /// Requests served from the free lists / from malloc.
        public var hits = 0
        public var misses = 0
    }

    private struct State {
        var free: [Int: [UInt]] = [:] // addresses of idle buffers, by byte size
        var stats = Statistics()
    }

    /// The pool used by every tensor unless a task chooses another.
    public static let shared = BufferPool(cacheLimitBytes: 4 << 30)

    /// The pool new tensors of the current task take their memory from (`shared` by default).
    @TaskLocal public static var current: BufferPool = .shared

    private let state = Mutex(State())
    private let cacheLimitBytes: Int

    /// A separate pool keeping at most `cacheLimitBytes` idle (for measurements that must not see other work).
    public init(cacheLimitBytes: Int) { self.cacheLimitBytes = cacheLimitBytes }

    /// Current counters.
    public var statistics: Statistics { state.withLock { $0.stats } }

    /// Starts a new peak measurement from the current live size.
    public func resetPeak() { state.withLock { $0.stats.peakLiveBytes = $0.stats.liveBytes } }

    /// Frees every idle buffer.
    public func trim() {
        let buffers = state.withLock { s -> [UInt] in
            let all = s.free.values.flatMap { $0 }
            s.free.removeAll()
            s.stats.cachedBytes = 0
            return all
        }
        buffers.forEach { free(UnsafeMutableRawPointer(bitPattern: $0)) }
        wb_release_free_memory()                            // freed heap pages back to the system
    }

    /// The byte size of the class that holds `count` floats: a multiple of 64 bytes up to 4 KiB, then
    /// 2^k · (8 + j) / 8 for j in 1...8 (at most 12.5 % above the request).
    static func classBytes(count: Int) -> Int {
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        guard bytes > 4096 else { return (bytes + 63) & ~63 }
        let octave = Int.bitWidth - 1 - (bytes - 1).leadingZeroBitCount // 2^octave < bytes ≤ 2^(octave+1)
        let step = 1 << (octave - 3)
        return (bytes + step - 1) / step * step
    }

    /// A buffer for `count` floats and its size in bytes: an idle one of the request's class or of one
    /// of the next `largerClassesReused` classes (so a batch padded a little shorter reuses the buffers of
    /// a longer one), else a new one of the request's class.
    func allocate(count: Int) -> (pointer: UnsafeMutablePointer<Float>, bytes: Int) {
        let requested = Self.classBytes(count: count)
        let reused = state.withLock { s -> (UInt, Int)? in
            var bytes = requested
            for _ in 0...Self.largerClassesReused {
                if let p = s.free[bytes]?.popLast() {
                    s.stats.cachedBytes -= bytes
                    s.stats.hits += 1
                    s.stats.liveBytes += bytes
                    s.stats.peakLiveBytes = max(s.stats.peakLiveBytes, s.stats.liveBytes)
                    return (p, bytes)
                }
                bytes = Self.classBytes(count: bytes / MemoryLayout<Float>.stride + 1)
            }
            s.stats.misses += 1
            s.stats.liveBytes += requested
            s.stats.peakLiveBytes = max(s.stats.peakLiveBytes, s.stats.liveBytes)
            return nil
        }
        if let (address, bytes) = reused, let p = UnsafeMutablePointer<Float>(bitPattern: address) { return (p, bytes) }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, requested) == 0, let raw else {
            fatalError("out of memory allocating \(requested) bytes") // not user input: the machine is out of memory
        }
        return (raw.bindMemory(to: Float.self, capacity: requested / MemoryLayout<Float>.stride), requested)
    }

    /// How many classes above a request's own an idle buffer may come from (4: up to about 1.6× the size).
    static let largerClassesReused = 4

    /// Takes back a buffer of `bytes` (as `allocate` returned it).
    func release(_ pointer: UnsafeMutablePointer<Float>, bytes: Int) {
        let address = UInt(bitPattern: pointer)
        let keep = state.withLock { s -> Bool in
            s.stats.liveBytes -= bytes
            guard s.stats.cachedBytes + bytes <= cacheLimitBytes else { return false }
            s.free[bytes, default: []].append(address)
            s.stats.cachedBytes += bytes
            return true
        }
        if !keep { free(pointer) }
    }
}
