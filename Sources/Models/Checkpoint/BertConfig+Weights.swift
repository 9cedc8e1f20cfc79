extension BertConfig {
    /// Every weight a `BertModel` with this configuration reads, named as in HuggingFace checkpoints
    /// (without any `bert.` prefix), with its expected shape.
    ///
    /// Order: embeddings, then layer by layer (attention, feed-forward), then MPNet's relative position bias,
    /// then the pooler if asked. With H = hidden, I = intermediate:
    /// `embeddings.word_embeddings.weight` [vocab, H], `embeddings.position_embeddings.weight` [positions, H],
    /// `embeddings.token_type_embeddings.weight` [types, H] (not MPNet), layer-norm weights and biases [H],
    /// the query/key/value/attention-output weights [H, H] (named by ``layerNames``), `intermediate.dense.weight`
    /// [I, H], `output.dense.weight` [H, I], for MPNet `encoder.relative_attention_bias.weight` [buckets, heads],
    /// and `pooler.dense.weight` [H, H].
    public func expectedWeights(includePooler: Bool = false) -> [WeightSpec] {
        let h = hiddenSize, i = intermediateSize, names = layerNames
        var specs = [
            WeightSpec(name: "embeddings.word_embeddings.weight", shape: [vocabSize, h]),
            WeightSpec(name: "embeddings.position_embeddings.weight", shape: [maxPositionEmbeddings, h]),
        ]
        if hasTokenTypeEmbeddings {
            specs.append(WeightSpec(name: "embeddings.token_type_embeddings.weight", shape: [typeVocabSize, h]))
        }
        specs += [
            WeightSpec(name: "embeddings.LayerNorm.weight", shape: [h]),
            WeightSpec(name: "embeddings.LayerNorm.bias", shape: [h]),
        ]
        for layer in 0 ..< numHiddenLayers {
            let p = "encoder.layer.\(layer)."
            for projection in [names.query, names.key, names.value] {
                specs.append(WeightSpec(name: p + "\(projection).weight", shape: [h, h]))
                specs.append(WeightSpec(name: p + "\(projection).bias", shape: [h]))
            }
            specs += [
                WeightSpec(name: p + "\(names.attentionOutput).weight", shape: [h, h]),
                WeightSpec(name: p + "\(names.attentionOutput).bias", shape: [h]),
                WeightSpec(name: p + "\(names.attentionLayerNorm).weight", shape: [h]),
                WeightSpec(name: p + "\(names.attentionLayerNorm).bias", shape: [h]),
                WeightSpec(name: p + "\(names.intermediate).weight", shape: [i, h]),
                WeightSpec(name: p + "\(names.intermediate).bias", shape: [i]),
                WeightSpec(name: p + "\(names.output).weight", shape: [h, i]),
                WeightSpec(name: p + "\(names.output).bias", shape: [h]),
                WeightSpec(name: p + "\(names.outputLayerNorm).weight", shape: [h]),
                WeightSpec(name: p + "\(names.outputLayerNorm).bias", shape: [h]),
            ]
        }
        if isMPNet {
            specs.append(WeightSpec(name: Self.relativeAttentionBiasName, shape: [relativeAttentionNumBuckets, numAttentionHeads]))
        }
        if includePooler {
            specs += Self.poolerWeights(hiddenSize: h)
        }
        return specs
    }

    /// MPNet's relative position bias table, `[relative_attention_num_buckets, heads]`, shared by every layer.
    public static let relativeAttentionBiasName = "encoder.relative_attention_bias.weight"

    /// The optional pooler: `pooler.dense.weight` [H, H] and `pooler.dense.bias` [H].
    static func poolerWeights(hiddenSize h: Int) -> [WeightSpec] {
        [WeightSpec(name: "pooler.dense.weight", shape: [h, h]), WeightSpec(name: "pooler.dense.bias", shape: [h])]
    }
}
