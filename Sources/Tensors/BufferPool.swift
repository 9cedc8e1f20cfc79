import Foundation
import Synchronization

/// A process-wide free list of aligned float buffers, keyed by element count.
///
/// Training repeats the same shapes every step, so buffers released by one step are handed to the
/// next instead of going back to malloc: memory stays flat over thousands of steps. The pool keeps at
/// most `cacheLimitBytes` of idle buffers; anything beyond is freed.
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
    }

    func allocate(count: Int) -> UnsafeMutablePointer<Float> {
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        let reused = state.withLock { s -> UInt? in
            s.stats.liveBytes += bytes
            s.stats.peakLiveBytes = max(s.stats.peakLiveBytes, s.stats.liveBytes)
            if let p = s.free[bytes]?.popLast() {
                s.stats.cachedBytes -= bytes
                s.stats.hits += 1
                return p
            }
            s.stats.misses += 1
            return nil
        }
        if let reused, let p = UnsafeMutablePointer<Float>(bitPattern: reused) { return p }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes") // not user input: the machine is out of memory
        }
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    func release(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
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
