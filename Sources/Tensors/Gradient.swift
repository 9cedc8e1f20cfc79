/// The gradient reaching one tensor: dense, or a set of rows of a table (for embedding lookups).
///
/// An embedding gather touches a few hundred rows of a table with tens of thousands; its gradient is
/// kept as those rows so that no vocabulary-sized buffer is made per step.
public enum Gradient {
    /// A gradient with the tensor's own shape.
    case dense(Tensor)
    /// `values[i]` is the gradient of row `indices[i]` of a table of `shape` (indices may repeat).
    case rows(indices: [Int32], values: Tensor, shape: [Int])

    /// The gradient as a dense tensor (scatter-adds rows into a zero table).
    public func densified() -> Tensor {
        switch self {
        case .dense(let t): return t
        case .rows(let indices, let values, let shape):
            let out = Tensor(shape: shape)
            Kernels.scatterAddRows(into: out, ids: indices, values: values)
            return out
        }
    }

    /// The sum of two gradients of the same tensor.
    func adding(_ other: Gradient) -> Gradient {
        switch (self, other) {
        case (.rows(let i1, let v1, let shape), .rows(let i2, let v2, _)):
            return .rows(indices: i1 + i2, values: Tensor.concatRows(v1, v2), shape: shape)
        case (.dense(let a), .dense(let b)):
            let out = Tensor(uninitializedShape: a.shape)
            out.mutableData.update(from: a.data, count: a.count)
            Kernels.accumulate(out, b)
            return .dense(out)
        case (.dense(let a), .rows(let ids, let values, _)), (.rows(let ids, let values, _), .dense(let a)):
            let out = Tensor(uninitializedShape: a.shape)
            out.mutableData.update(from: a.data, count: a.count)
            Kernels.scatterAddRows(into: out, ids: ids, values: values)
            return .dense(out)
        }
    }
}
