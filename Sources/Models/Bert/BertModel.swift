import Foundation
import Tensors

/// The BERT encoder (HF `BertModel` without its pooler): embeddings, then N transformer blocks.
///
/// Weights keep their checkpoint names (`encoder.layer.3.attention.self.query.weight`); a checkpoint
/// whose names carry a `bert.` (or `roberta.`) prefix is read the same way.
public final class BertModel {
    public let config: BertConfig
    public var embeddings: BertEmbeddings   // embeddings.*
    public var layers: [BertLayer]          // encoder.layer.{i}.*

    /// Builds the model from named weights; every weight must be present with the configured shape.
    public init(config: BertConfig, weights: WeightScope) throws(CheckpointError) {
        self.config = config
        embeddings = try BertEmbeddings(weights.scoped("embeddings"), config: config)
        var layers: [BertLayer] = []
        for i in 0..<config.numHiddenLayers {
            layers.append(try BertLayer(weights.scoped("encoder.layer.\(i)"), config: config))
        }
        self.layers = layers
    }

    /// Loads `config.json` and `model.safetensors` from a HuggingFace model folder.
    public convenience init(folder: URL) throws(CheckpointError) {
        let config = try BertConfig(contentsOf: folder.appendingPathComponent("config.json"))
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        try self.init(checkpoint: BertCheckpoint(file: file, config: config))
    }

    /// Builds the model from a checkpoint already checked against its configuration.
    public convenience init(checkpoint: BertCheckpoint) throws(CheckpointError) {
        var tensors: [String: Tensor] = [:]
        for spec in checkpoint.config.expectedWeights() {
            tensors[spec.name] = Tensor(shape: spec.shape, scalars: try checkpoint.floats(spec.name))
        }
        try self.init(config: checkpoint.config, weights: WeightScope(tensors: tensors, path: checkpoint.file.path))
    }

    /// Hidden states of the last layer → [B, T, H].
    ///
    /// With `training`, dropout is active with masks drawn from `seed` (the same seed gives the same masks).
    public func callAsFunction(_ input: TokenBatch, training: Bool = false, seed: UInt64 = 0) throws(TensorError) -> Tensor {
        let plan = training
            ? DropoutPlan(hiddenP: Float(config.hiddenDropoutProb), attentionP: Float(config.attentionProbsDropoutProb), baseSeed: seed)
            : .off
        let mask = input.maskTensor                                             // [B, T]
        var x = try embeddings(input, dropout: plan)                           // [B·T, H]
        for (i, layer) in layers.enumerated() {
            x = layer(x, keyMask: mask, batch: input.batchSize, length: input.sequenceLength, dropout: plan.layer(i))
        }
        return x.reshaped([input.batchSize, input.sequenceLength, config.hiddenSize]) // [B, T, H]
    }

    /// Every parameter with its checkpoint name, in checkpoint order.
    public var namedParameters: [(String, Tensor)] {
        embeddings.namedParameters.map { ("embeddings.\($0.0)", $0.1) }
            + layers.enumerated().flatMap { i, layer in layer.namedParameters.map { ("encoder.layer.\(i).\($0.0)", $0.1) } }
    }

    /// Marks every parameter as a leaf that receives gradients (for training and gradient checks).
    public func requireGradients() {
        var tensors: [String: Tensor] = [:]
        for (name, t) in namedParameters { tensors[name] = t.asParameter() }
        let scope = WeightScope(tensors: tensors, path: "")
        // rebuilding from the same names cannot fail: every name came from this model
        guard let rebuilt = try? BertModel(config: config, weights: scope) else { return }
        embeddings = rebuilt.embeddings
        layers = rebuilt.layers
    }
}
