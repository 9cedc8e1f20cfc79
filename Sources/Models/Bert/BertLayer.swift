import Tensors

/// One transformer block (`encoder.layer.{i}.*`): self-attention, then the feed-forward network,
/// each followed by dropout, a residual connection and LayerNorm (post-norm, as BERT).
public struct BertLayer {
    var queryLinear: Linear             // attention.self.query
    var keyLinear: Linear               // attention.self.key
    var valueLinear: Linear             // attention.self.value
    var attentionOutput: Linear         // attention.output.dense
    var attentionLayerNorm: LayerNorm   // attention.output.LayerNorm
    var intermediate: Linear            // intermediate.dense
    var output: Linear                  // output.dense
    var outputLayerNorm: LayerNorm      // output.LayerNorm
    let heads: Int

    public init(_ scope: WeightScope, config: BertConfig) throws(CheckpointError) {
        let h = config.hiddenSize, i = config.intermediateSize, eps = Float(config.layerNormEps)
        queryLinear = try Linear(scope.scoped("attention.self.query"), inFeatures: h, outFeatures: h)
        keyLinear = try Linear(scope.scoped("attention.self.key"), inFeatures: h, outFeatures: h)
        valueLinear = try Linear(scope.scoped("attention.self.value"), inFeatures: h, outFeatures: h)
        attentionOutput = try Linear(scope.scoped("attention.output.dense"), inFeatures: h, outFeatures: h)
        attentionLayerNorm = try LayerNorm(scope.scoped("attention.output.LayerNorm"), size: h, eps: eps)
        intermediate = try Linear(scope.scoped("intermediate.dense"), inFeatures: h, outFeatures: i)
        output = try Linear(scope.scoped("output.dense"), inFeatures: i, outFeatures: h)
        outputLayerNorm = try LayerNorm(scope.scoped("output.LayerNorm"), size: h, eps: eps)
        heads = config.numAttentionHeads
    }

    /// x: [B·T, H], keyMask: [B, T] → [B·T, H].
    func callAsFunction(_ x: Tensor, keyMask: Tensor, batch: Int, length: Int, dropout: DropoutPlan) -> Tensor {
        let h = x.shape[1]
        let q = queryLinear(x).reshaped([batch, length, h])                                   // [B, T, H]
        let k = keyLinear(x).reshaped([batch, length, h])                                     // [B, T, H]
        let v = valueLinear(x).reshaped([batch, length, h])                                   // [B, T, H]
        let context = Tensor.attention(q: q, k: k, v: v, keyMask: keyMask, heads: heads,
                                       dropout: dropout.attentionP, seed: dropout.seed(site: 1))
            .reshaped([batch * length, h])                                                    // [B·T, H]
        let attended = attentionLayerNorm(dropout.apply(attentionOutput(context), site: 2) + x) // [B·T, H]
        let hidden = intermediate(attended).gelu()                                            // [B·T, I]
        return outputLayerNorm(dropout.apply(output(hidden), site: 3) + attended)             // [B·T, H]
    }

    var namedParameters: [(String, Tensor)] {
        let parts: [(String, [(String, Tensor)])] = [
            ("attention.self.query", queryLinear.namedParameters), ("attention.self.key", keyLinear.namedParameters),
            ("attention.self.value", valueLinear.namedParameters), ("attention.output.dense", attentionOutput.namedParameters),
            ("attention.output.LayerNorm", attentionLayerNorm.namedParameters),
            ("intermediate.dense", intermediate.namedParameters), ("output.dense", output.namedParameters),
            ("output.LayerNorm", outputLayerNorm.namedParameters),
        ]
        return parts.flatMap { prefix, params in params.map { ("\(prefix).\($0.0)", $0.1) } }
    }
}
