import Tensors

/// One transformer block (`encoder.layer.{i}.*`): self-attention, then the feed-forward network,
/// each followed by dropout, a residual connection and LayerNorm (post-norm, as BERT).
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

    /// x: [B·T, H], keyMask: [B, T], positionBias: [heads, T, T] or nil → [B·T, H].
    func callAsFunction(_ x: Tensor, keyMask: Tensor, positionBias: Tensor? = nil, batch: Int, length: Int,
                        dropout: DropoutPlan) -> Tensor {
        let h = x.shape[1]
        let q = queryLinear(x).reshaped([batch, length, h])                                   // [B, T, H]
        let k = keyLinear(x).reshaped([batch, length, h])                                     // [B, T, H]
        let v = valueLinear(x).reshaped([batch, length, h])                                   // [B, T, H]
        let context = Tensor.attention(q: q, k: k, v: v, keyMask: keyMask, bias: positionBias, heads: heads,
                                       dropout: dropout.attentionP, seed: dropout.seed(site: 1))
            .reshaped([batch * length, h])                                                    // [B·T, H]
        let attended = attentionLayerNorm(dropout.apply(attentionOutput(context), site: 2) + x) // [B·T, H]
        let hidden = intermediate(attended).gelu()                                            // [B·T, I]
        return outputLayerNorm(dropout.apply(output(hidden), site: 3) + attended)             // [B·T, H]
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
