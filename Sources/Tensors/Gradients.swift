/// The gradients of a scalar with respect to the leaves it was computed from, keyed by tensor identity.
public struct Gradients {
    var byTensor: [ObjectIdentifier: Gradient] = [:]

    /// The gradient of `tensor` as recorded (dense or rows), nil when it did not take part.
    public func gradient(of tensor: Tensor) -> Gradient? { byTensor[ObjectIdentifier(tensor)] }

    /// The dense gradient of `tensor`, nil when it did not take part.
    public subscript(tensor: Tensor) -> Tensor? { gradient(of: tensor)?.densified() }

    /// Number of leaves with a gradient.
    public var count: Int { byTensor.count }
}
