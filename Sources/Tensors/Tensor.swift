/// A dense, row-major Float32 array that records the operations made from it for reverse-mode autodiff.
///
/// Tensors are values once made: operations return new tensors and never change their inputs. The one
/// exception is a parameter, whose elements an optimizer updates in place between steps.
public final class Tensor: @unchecked Sendable {
    /// The extent of each axis, outermost first.
    public let shape: [Int]
    /// The elements (shared with tensors reshaped from this one).
    public let storage: Storage
    /// Whether gradients flow to this tensor: true for parameters and for results computed from them.
    public let requiresGrad: Bool
    /// How this tensor was computed, when gradients flow through it (nil for leaves).
    let node: Node?

    /// Number of elements.
    public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// Read-only access to the elements.
    public var data: UnsafePointer<Float> { UnsafePointer(storage.pointer) }
    /// Mutable access to the elements, for optimizers updating parameters and for building inputs.
    public var mutableData: UnsafeMutablePointer<Float> { storage.pointer }

    init(shape: [Int], storage: Storage, requiresGrad: Bool, node: Node?) {
        precondition(shape.reduce(1, *) == storage.count, "shape \(shape) does not match \(storage.count) elements")
        self.shape = shape
        self.storage = storage
        self.requiresGrad = requiresGrad
        self.node = node
    }

    /// An uninitialised tensor; the caller writes every element (a buffer a collective or a copy fills whole).
    public convenience init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: Storage(count: shape.reduce(1, *)), requiresGrad: false, node: nil)
    }

    /// A tensor of the given shape filled with `value`.
    public convenience init(shape: [Int], repeating value: Float = 0, requiresGrad: Bool = false) {
        let storage = Storage(count: shape.reduce(1, *))
        storage.pointer.update(repeating: value, count: storage.count)
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad, node: nil)
    }

    /// A tensor holding `scalars` in row-major order.
    public convenience init(shape: [Int], scalars: [Float], requiresGrad: Bool = false) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        let storage = Storage(count: scalars.count)
        scalars.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: scalars.count) }
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad, node: nil)
    }

    /// A scalar (rank-0) tensor.
    public convenience init(_ value: Float) { self.init(shape: [], scalars: [value]) }

    /// The same elements as a leaf that gradients flow to (a parameter).
    public func asParameter() -> Tensor {
        Tensor(shape: shape, storage: storage, requiresGrad: true, node: nil)
    }

    /// The same elements with no gradient history.
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage, requiresGrad: false, node: nil)
    }

    /// The elements as an array, row-major.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The single element of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item needs one element, shape is \(shape)")
        return data[0]
    }

    /// Makes the result of an operation: records `backward` when any input needs gradients.
    ///
    /// `backward` receives the gradient of the result and returns one gradient per input (nil where
    /// the input needs none), in the order of `inputs`.
    static func result(
        _ out: Tensor, inputs: [Tensor], backward: @escaping (Tensor) -> [Gradient?]
    ) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: \.requiresGrad) else { return out }
        return Tensor(shape: out.shape, storage: out.storage, requiresGrad: true,
                      node: Node(inputs: inputs, backward: backward))
    }

    /// Records an operation computed outside this library (a collective over the ranks of a data-parallel job)
    /// in the autodiff graph: `out`'s elements, with `backward` mapping its gradient to one dense gradient per
    /// input (nil where none flows), in the order of `inputs`.
    public static func recorded(_ out: Tensor, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        result(out, inputs: inputs) { g in backward(g).map { $0.map(Gradient.dense) } }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String(format: "%.5g", $0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 8 ? ", …" : "")]"
    }
}
