extension BertConfig {
    /// Every weight a `BertModel` with this configuration reads, named as in HuggingFace checkpoints
    /// (without any `bert.` prefix), with its expected shape.
    ///
    /// Order: embeddings, then layer by layer (attention, feed-forward), then the pooler if asked.
    /// With H = hidden, I = intermediate:
    /// `embeddings.word_embeddings.weight` [vocab, H], `embeddings.position_embeddings.weight` [positions, H],
    /// `embeddings.token_type_embeddings.weight` [types, H], layer-norm weights and biases [H],
    /// `query`/`key`/`value`/`attention.output.dense` weights [H, H], `intermediate.dense.weight` [I, H],
    /// `output.dense.weight` [H, I], and `pooler.dense.weight` [H, H].
    public func expectedWeights(includePooler: Bool = false) -> [WeightSpec] {
        let h = hiddenSize, i = intermediateSize
        var specs = [
            WeightSpec(name: "embeddings.word_embeddings.weight", shape: [vocabSize, h]),
            WeightSpec(name: "embeddings.position_embeddings.weight", shape: [maxPositionEmbeddings, h]),
            WeightSpec(name: "embeddings.token_type_embeddings.weight", shape: [typeVocabSize, h]),
            WeightSpec(name: "embeddings.LayerNorm.weight", shape: [h]),
            WeightSpec(name: "embeddings.LayerNorm.bias", shape: [h]),
        ]
        for layer in 0 ..< numHiddenLayers {
            let p = "encoder.layer.\(layer)."
            for projection in ["query", "key", "value"] {
                specs.append(WeightSpec(name: p + "attention.self.\(projection).weight", shape: [h, h]))
                specs.append(WeightSpec(name: p + "attention.self.\(projection).bias", shape: [h]))
            }
            specs += [
                WeightSpec(name: p + "attention.output.dense.weight", shape: [h, h]),
                WeightSpec(name: p + "attention.output.dense.bias", shape: [h]),
                WeightSpec(name: p + "attention.output.LayerNorm.weight", shape: [h]),
                WeightSpec(name: p + "attention.output.LayerNorm.bias", shape: [h]),
                WeightSpec(name: p + "intermediate.dense.weight", shape: [i, h]),
                WeightSpec(name: p + "intermediate.dense.bias", shape: [i]),
                WeightSpec(name: p + "output.dense.weight", shape: [h, i]),
                WeightSpec(name: p + "output.dense.bias", shape: [h]),
                WeightSpec(name: p + "output.LayerNorm.weight", shape: [h]),
                WeightSpec(name: p + "output.LayerNorm.bias", shape: [h]),
            ]
        }
        if includePooler {
            specs += Self.poolerWeights(hiddenSize: h)
        }
        return specs
    }

    /// The optional pooler: `pooler.dense.weight` [H, H] and `pooler.dense.bias` [H].
    static func poolerWeights(hiddenSize h: Int) -> [WeightSpec] {
        [WeightSpec(name: "pooler.dense.weight", shape: [h, h]), WeightSpec(name: "pooler.dense.bias", shape: [h])]
    }
}
