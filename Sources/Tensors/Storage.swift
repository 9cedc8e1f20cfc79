/// A contiguous float buffer owned by one or more tensors (reshape shares it), returned to the pool when released.
public final class Storage: @unchecked Sendable {
    /// The elements.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    public let count: Int
    private let pool: BufferPool
    private let bytes: Int // the buffer's size (its pool class, at least count floats)

    init(count: Int) {
        self.count = count
        pool = BufferPool.current
        (pointer, bytes) = pool.allocate(count: count)
    }

    deinit { pool.release(pointer, bytes: bytes) }
}
