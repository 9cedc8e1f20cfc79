import Tensors

/// Layer normalisation with HF's `weight` (γ) and `bias` (β), both [C].
public struct LayerNorm {
    public var weight: Tensor // [C]
    public var bias: Tensor   // [C]
    public let eps: Float

    /// Reads `weight` and `bias` from `scope`.
    public init(_ scope: WeightScope, size: Int, eps: Float) throws(CheckpointError) {
        weight = try scope.weight("weight", shape: [size])
        bias = try scope.weight("bias", shape: [size])
        self.eps = eps
    }

    /// x: [..., C] → [..., C].
    public func callAsFunction(_ x: Tensor) -> Tensor { x.layerNorm(gamma: weight, beta: bias, eps: eps) }

    /// x + residual, normalised, in one fused pass: x, residual: [..., C] → [..., C].
    public func callAsFunction(_ x: Tensor, adding residual: Tensor) -> Tensor {
        x.layerNorm(adding: residual, gamma: weight, beta: bias, eps: eps)
    }

    var namedParameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
}
