import Tensors

/// A dense layer `x · Wᵀ + b` with HF's `weight` [Out, In] and `bias` [Out].
public struct Linear {
    public var weight: Tensor // [Out, In]
    public var bias: Tensor   // [Out]

    /// Reads `weight` and `bias` from `scope`.
    public init(_ scope: WeightScope, inFeatures: Int, outFeatures: Int) throws(CheckpointError) {
        weight = try scope.weight("weight", shape: [outFeatures, inFeatures])
        bias = try scope.weight("bias", shape: [outFeatures])
    }

    /// x: [..., In] → [..., Out].
    public func callAsFunction(_ x: Tensor) -> Tensor { Tensor.linear(x, weight: weight, bias: bias) }

    /// The parameters with their names relative to the layer.
    var namedParameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
}
