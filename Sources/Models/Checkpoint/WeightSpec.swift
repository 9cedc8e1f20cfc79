/// A tensor a model expects in its checkpoint: the HuggingFace name and the shape.
public struct WeightSpec: Equatable, Hashable, Sendable {
    /// The name exactly as in HuggingFace checkpoints, e.g. `encoder.layer.0.attention.self.query.weight`.
    public let name: String
    /// The expected shape; linear weights are `[out, in]` as in PyTorch.
    public let shape: [Int]

    /// A spec for tensor `name` of shape `shape`.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }
}
