import Foundation
import Tensors

/// The BERT encoder (HF `BertModel` without its pooler): embeddings, then N transformer blocks.
///
/// Weights keep their checkpoint names (`encoder.layer.3.attention.self.query.weight`); a checkpoint
/// whose names carry a `bert.` (or `roberta.`, `mpnet.`) prefix is read the same way.
///
/// MPNet (HF `MPNetModel`) is this model with MPNet's layer names, no token types and a relative position
/// bias: ``relativeAttentionBias`` [buckets, heads] is gathered by ``RelativePositionBucket`` into a
/// [heads, T, T] bias once per forward and added to every layer's attention scores.
public final class BertModel {
    public let config: BertConfig
    public var embeddings: BertEmbeddings   // embeddings.*
    public var layers: [BertLayer]          // encoder.layer.{i}.*
    /// MPNet's `encoder.relative_attention_bias.weight` [buckets, heads], shared by all layers; nil otherwise.
    public var relativeAttentionBias: Tensor?
    /// Whether right-padded batches run unpadded (packed); false runs every batch padded, with the mask, as HF
    /// does (the same vectors at real tokens; HF's values at padding too — for comparisons and benchmarks).
    public var unpadded = true

    /// Builds the model from named weights; every weight must be present with the configured shape.
    public init(config: BertConfig, weights: WeightScope) throws(CheckpointError) {
        self.config = config
        embeddings = try BertEmbeddings(weights.scoped("embeddings"), config: config)
        var layers: [BertLayer] = []
        for i in 0..<config.numHiddenLayers {
            layers.append(try BertLayer(weights.scoped("encoder.layer.\(i)"), config: config))
        }
        self.layers = layers
        relativeAttentionBias = config.isMPNet
            ? try weights.weight(BertConfig.relativeAttentionBiasName,
                                 shape: [config.relativeAttentionNumBuckets, config.numAttentionHeads])
            : nil
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

    /// Hidden states of the last layer → [B, T, H], zeros at padding.
    ///
    /// A right-padded batch runs unpadded: its tokens packed into one [ΣT, H] matrix for every layer, attention per
    /// sequence on its own length, so padding costs nothing forward or backward (a batch with padding inside its
    /// rows runs padded, with the mask). With `training`, dropout is active with masks drawn from `seed` (the same
    /// seed gives the same masks).
    public func callAsFunction(_ input: TokenBatch, training: Bool = false, seed: UInt64 = 0) throws(TensorError) -> Tensor {
        let plan = training
            ? DropoutPlan(hiddenP: Float(config.hiddenDropoutProb), attentionP: Float(config.attentionProbsDropoutProb), baseSeed: seed)
            : .off
        let (b, t) = (input.batchSize, input.sequenceLength)
        let packed = unpadded ? SequencePacking.rightPadded(mask: input.attentionMask, batch: b, length: t) : nil
        let packing = packed ?? .padded(batch: b, length: t)
        let mask = packed == nil ? input.maskTensor : nil                      // [B, T]
        var x = try embeddings(input, packing: packing, dropout: plan)         // [ΣT, H]
        let bias = try positionBias(length: t)                                 // [heads, T, T] or nil
        for (i, layer) in layers.enumerated() {
            x = layer(x, packing: packing, keyMask: mask, positionBias: bias, dropout: plan.layer(i))
        }
        return packing.isPadded
            ? x.reshaped([b, t, config.hiddenSize])                            // [B, T, H]
            : x.unpacked(packing)                                              // [B, T, H]
    }

    /// MPNet's attention bias for length T → [heads, T, T] (HF `MPNetEncoder.compute_position_bias` without
    /// position ids), differentiable w.r.t. ``relativeAttentionBias``; nil for models without one.
    func positionBias(length t: Int) throws(TensorError) -> Tensor? {
        guard let table = relativeAttentionBias else { return nil }                   // [buckets, heads]
        let heads = table.shape[1]
        let ids = RelativePositionBucket.table(length: t)                             // [T·T]
        return try Tensor.gather(table, ids: ids, what: "relative position bucket")   // [T·T, heads]
            .reshaped([t, t, heads])                                                  // [T, T, heads]
            .permuted([2, 0, 1])                                                      // [heads, T, T]
    }

    /// Every parameter with its checkpoint name, in checkpoint order.
    public var namedParameters: [(String, Tensor)] {
        embeddings.namedParameters.map { ("embeddings.\($0.0)", $0.1) }
            + layers.enumerated().flatMap { i, layer in layer.namedParameters.map { ("encoder.layer.\(i).\($0.0)", $0.1) } }
            + (relativeAttentionBias.map { [(BertConfig.relativeAttentionBiasName, $0)] } ?? [])
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
        relativeAttentionBias = rebuilt.relativeAttentionBias
    }
}
