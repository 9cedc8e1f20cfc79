/// A contiguous float buffer owned by one or more tensors (reshape shares it), returned to the pool when released.
public final class Storage: @unchecked Sendable {
    /// The elements.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    public let count: Int

    init(count: Int) {
        self.count = count
        pointer = BufferPool.shared.allocate(count: count)
    }

    deinit { BufferPool.shared.release(pointer, count: count) }
}
