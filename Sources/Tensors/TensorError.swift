/// Errors of the tensor layer that a user can cause (the rest are preconditions on programmer error).
public enum TensorError: Error, CustomStringConvertible, Equatable {
    /// OpenBLAS could not be loaded.
    case blasUnavailable(String)
    /// An id outside a lookup table.
    case indexOutOfRange(index: Int, size: Int, what: String)

    public var description: String {
        switch self {
        case .blasUnavailable(let why): "BLAS unavailable: \(why)"
        case .indexOutOfRange(let index, let size, let what): "\(what): index \(index) is outside 0..<\(size)"
        }
    }
}
