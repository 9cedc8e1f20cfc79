import Tensors

/// A view into a checkpoint's named weights under a prefix, like `cd` into the checkpoint.
///
/// `scope.scoped("encoder.layer.3")["attention.self.query.weight"]` reads
/// `encoder.layer.3.attention.self.query.weight`, so module paths mirror the checkpoint's names.
public struct WeightScope {
    /// The weights by full name, shared by all scopes of one model.
    final class Store {
        var tensors: [String: Tensor]
        let path: String
        init(tensors: [String: Tensor], path: String) {
            self.tensors = tensors
            self.path = path
        }
    }

    let store: Store
    /// The prefix of this scope (no trailing dot; empty at the root).
    public let prefix: String

    /// A root scope over `tensors`, read from the file at `path` (named in errors).
    public init(tensors: [String: Tensor], path: String) {
        store = Store(tensors: tensors, path: path)
        prefix = ""
    }

    init(store: Store, prefix: String) {
        self.store = store
        self.prefix = prefix
    }

    /// The scope one level down.
    public func scoped(_ name: String) -> WeightScope {
        WeightScope(store: store, prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
    }

    /// The full name of `name` in this scope.
    public func fullName(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }

    /// The weight `name`, which must have `shape`.
    public func weight(_ name: String, shape: [Int]) throws(CheckpointError) -> Tensor {
        let full = fullName(name)
        guard let t = store.tensors[full] else { throw .missingWeight(path: store.path, tensor: full, expectedShape: shape) }
        guard t.shape == shape else { throw .weightShapeMismatch(path: store.path, tensor: full, expected: shape, actual: t.shape) }
        return t
    }
}
