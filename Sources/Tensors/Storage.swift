/// A contiguous float buffer owned by one or more tensors (reshape shares it), returned to the pool when released.
public final class Storage: @unchecked Sendable {
    /// The elements.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    public let count: Int
    private let pool: BufferPool

    init(count: Int) {
        self.count = count
        pool = BufferPool.current
        pointer = pool.allocate(count: count)
    }

    deinit { pool.release(pointer, count: count) }
}
