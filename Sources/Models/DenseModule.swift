import Foundation
import Tensors

/// A sentence-transformers `Dense` module at run time: sentence vectors `x · Wᵀ (+ b)`, identity activation, with
/// `Dense`'s names (`linear.weight` [Out, In], `linear.bias` [Out]).
public struct DenseModule {
    /// The module's configuration and folder.
    public let config: DenseModuleConfig
    public private(set) var weight: Tensor  // [Out, In]
    public private(set) var bias: Tensor?   // [Out]

    /// Reads `model.safetensors` of the module's folder.
    ///
    /// - Throws: ``CheckpointError`` naming the file and tensor: a missing `linear.weight` (or `linear.bias` when the
    ///   config says `bias`), or one whose shape disagrees with the config.
    public init(_ config: DenseModuleConfig) throws(CheckpointError) {
        let file = try SafeTensorsFile(url: config.weightsURL)
        func read(_ name: String, _ shape: [Int]) throws(CheckpointError) -> Tensor {
            guard let info = file.info(name) else {
                throw .missingWeight(path: config.weightsURL.path, tensor: name, expectedShape: shape)
            }
            guard info.shape == shape else {
                throw .weightShapeMismatch(path: config.weightsURL.path, tensor: name, expected: shape, actual: info.shape)
            }
            return Tensor(shape: shape, scalars: try file.floats(name))
        }
        self.config = config
        weight = try read("linear.weight", [config.outFeatures, config.inFeatures])      // [Out, In]
        bias = config.bias ? try read("linear.bias", [config.outFeatures]) : nil         // [Out]
    }

    /// x: [B, In] → [B, Out].
    public func callAsFunction(_ x: Tensor) -> Tensor { Tensor.linear(x, weight: weight, bias: bias) }

    /// The parameters with `Dense`'s names.
    public var namedParameters: [(String, Tensor)] {
        [("linear.weight", weight)] + (bias.map { [("linear.bias", $0)] } ?? [])
    }

    /// Makes the weights trainable leaves (gradients are kept for them).
    public mutating func requireGradients() {
        weight = weight.asParameter()
        bias = bias?.asParameter()
    }
}
