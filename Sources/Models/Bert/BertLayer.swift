import Tensors

/// One transformer block (`encoder.layer.{i}.*`): self-attention, then the feed-forward network,
/// each followed by dropout, a residual connection and LayerNorm (post-norm, as BERT). The feed-forward network
/// (`intermediate` → GELU → `output`) and each residual + LayerNorm run as fused ops (`Tensor.feedForward`,
/// `LayerNorm(_:adding:)`) whose composed forms are their test oracles.
///
/// MPNet's `MPNetLayer` is the same block under other names (``BertLayerNames/mpnet``) with a relative
/// position bias added to the attention scores; the names come from the config, the bias from the model.
public struct BertLayer {
    var queryLinear: Linear             // attention.self.query        (MPNet: attention.attn.q)
    var keyLinear: Linear               // attention.self.key          (MPNet: attention.attn.k)
    var valueLinear: Linear             // attention.self.value        (MPNet: attention.attn.v)
    var attentionOutput: Linear         // attention.output.dense      (MPNet: attention.attn.o)
    var attentionLayerNorm: LayerNorm   // attention.output.LayerNorm  (MPNet: attention.LayerNorm)
    var intermediate: Linear            // intermediate.dense
    var output: Linear                  // output.dense
    var outputLayerNorm: LayerNorm      // output.LayerNorm
    let heads: Int
    let names: BertLayerNames

    public init(_ scope: WeightScope, config: BertConfig) throws(CheckpointError) {
        let h = config.hiddenSize, i = config.intermediateSize, eps = Float(config.layerNormEps)
        let names = config.layerNames
        queryLinear = try Linear(scope.scoped(names.query), inFeatures: h, outFeatures: h)
        keyLinear = try Linear(scope.scoped(names.key), inFeatures: h, outFeatures: h)
        valueLinear = try Linear(scope.scoped(names.value), inFeatures: h, outFeatures: h)
        attentionOutput = try Linear(scope.scoped(names.attentionOutput), inFeatures: h, outFeatures: h)
        attentionLayerNorm = try LayerNorm(scope.scoped(names.attentionLayerNorm), size: h, eps: eps)
        intermediate = try Linear(scope.scoped(names.intermediate), inFeatures: h, outFeatures: i)
        output = try Linear(scope.scoped(names.output), inFeatures: i, outFeatures: h)
        outputLayerNorm = try LayerNorm(scope.scoped(names.outputLayerNorm), size: h, eps: eps)
        heads = config.numAttentionHeads
        self.names = names
    }

    /// x: [ΣT, H], the tokens of `packing`; keyMask: [B, T] for a padded packing with padding inside, else nil;
    /// positionBias: [heads, T, T] or nil → [ΣT, H].
    func callAsFunction(_ x: Tensor, packing: SequencePacking, keyMask: Tensor?, positionBias: Tensor? = nil,
                        dropout: DropoutPlan) -> Tensor {
        let context = Tensor.attention(q: queryLinear(x), k: keyLinear(x), v: valueLinear(x), packing: packing, // [ΣT, H]
                                       keyMask: keyMask, bias: positionBias, heads: heads, dropout: dropout.attentionP,
                                       seed: dropout.seed(site: 1))
        let attended = attentionLayerNorm(dropout.apply(attentionOutput(context), site: 2), adding: x) // [ΣT, H]
        let transformed = Tensor.feedForward(attended, intermediate: (intermediate.weight, intermediate.bias), // [ΣT, H]
                                             output: (output.weight, output.bias))                  // via [ΣT, I]
        return outputLayerNorm(dropout.apply(transformed, site: 3), adding: attended)                  // [ΣT, H]
    }

    var namedParameters: [(String, Tensor)] {
        let parts: [(String, [(String, Tensor)])] = [
            (names.query, queryLinear.namedParameters), (names.key, keyLinear.namedParameters),
            (names.value, valueLinear.namedParameters), (names.attentionOutput, attentionOutput.namedParameters),
            (names.attentionLayerNorm, attentionLayerNorm.namedParameters),
            (names.intermediate, intermediate.namedParameters), (names.output, output.namedParameters),
            (names.outputLayerNorm, outputLayerNorm.namedParameters),
        ]
        return parts.flatMap { prefix, params in params.map { ("\(prefix).\($0.0)", $0.1) } }
    }
}
