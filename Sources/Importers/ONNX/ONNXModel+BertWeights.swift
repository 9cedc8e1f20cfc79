import Models

extension ONNXModel {
    /// The suffix that locates the BERT weights: the initializer ending in it names the prefix
    /// (`model.0.auto_model.` for a sentence-transformers export) every named weight shares.
    static let anchorWeight = "embeddings.word_embeddings.weight"

    /// The prefix before the HuggingFace names of the named initializers (`model.0.auto_model.`, or
    /// empty for a bare `BertModel` export).
    ///
    /// - Throws: ``ImportError/missingTensor(path:tensor:)`` naming `embeddings.word_embeddings.weight`.
    func bertPrefix() throws(ImportError) -> String {
        let matches = initializerNames.filter { $0 == Self.anchorWeight || $0.hasSuffix("." + Self.anchorWeight) }
        guard let anchor = matches.min(by: { $0.count < $1.count }) else {
            throw .missingTensor(path: path, tensor: Self.anchorWeight)
        }
        return String(anchor.dropLast(Self.anchorWeight.count))
    }

    /// The `BertConfig` the graph describes: sizes from the embedding tables and layer 0's feed-forward
    /// bias, the layer count from the `encoder.layer.N.` names, ε from the first `LayerNormalization`, and
    /// the head count from the attention scale (`Div` by √head size) unless `heads` is given.
    ///
    /// - Throws: ``ImportError`` naming the tensor or field the configuration cannot be read from.
    func bertConfig(prefix: String, heads: Int?) throws(ImportError) -> BertConfig {
        func dims(_ name: String, rank: Int) throws(ImportError) -> [Int] {
            guard let tensor = initializer(prefix + name) else { throw .missingTensor(path: path, tensor: prefix + name) }
            guard tensor.dims.count == rank, tensor.dims.allSatisfy({ $0 > 0 && $0 < 1 << 31 }) else {
                throw .invalidTensor(
                    path: path, tensor: prefix + name, expected: "\(rank) positive dims", found: "dims \(tensor.dims)")
            }
            return tensor.dims.map { Int($0) }
        }
        let words = try dims("embeddings.word_embeddings.weight", rank: 2)         // [vocab, H]
        let positions = try dims("embeddings.position_embeddings.weight", rank: 2)  // [P, H]
        let types = try dims("embeddings.token_type_embeddings.weight", rank: 2)    // [types, H]
        let hidden = words[1]
        var layers = 0
        let names = Set(initializerNames)
        while names.contains(where: { $0.hasPrefix(prefix + "encoder.layer.\(layers).") }) { layers += 1 }
        guard layers > 0 else {
            throw .missingTensor(path: path, tensor: prefix + "encoder.layer.0.attention.self.query.bias")
        }
        let intermediate = try dims("encoder.layer.0.intermediate.dense.bias", rank: 1)[0]

        let headCount: Int
        if let heads {
            headCount = heads
        } else if let inferred = attentionHeads(hidden: hidden) {
            headCount = inferred
        } else {
            throw .invalidField(
                path: path, field: "num_attention_heads",
                expected: "an attention scale (a Div by √head size, or a Mul by its inverse, before a Softmax) in the graph, or --heads",
                found: "no scaled attention scores")
        }
        guard headCount > 0, hidden % headCount == 0 else {
            throw .invalidField(
                path: path, field: "num_attention_heads", expected: "a divisor of the hidden size \(hidden)", found: "\(headCount)")
        }
        guard hasNode("Erf") || hasNode("Gelu") else {
            throw .invalidField(
                path: path, field: "hidden_act", expected: "the exact GELU (an Erf or Gelu node)",
                found: "neither node (a tanh-approximated or other activation is not supported)")
        }
        var eps = 1e-12
        if let norm = proto.graph.node.first(where: { $0.opType == "LayerNormalization" }),
           let attribute = norm.attribute.first(where: { $0.name == "epsilon" }) {
            eps = Double("\(attribute.f)") ?? Double(attribute.f)   // the float's shortest form: 1e-12, not 9.99999996e-13
        }
        return BertConfig(
            modelType: "bert", vocabSize: words[0], hiddenSize: hidden, numHiddenLayers: layers, numAttentionHeads: headCount,
            intermediateSize: intermediate, maxPositionEmbeddings: positions[0], typeVocabSize: types[0], layerNormEps: eps)
    }

    /// The head count from the first attention scale found: a `Softmax` fed (through `Add`s of the mask)
    /// by a `Div` of the `MatMul` Q·Kᵀ by √d, or a `Mul` by 1/√d, with d = hidden / heads.
    func attentionHeads(hidden: Int) -> Int? {
        func search(_ value: String, depth: Int) -> Int? {
            guard depth < 4, let node = producer(of: value) else { return nil }
            switch node.opType {
            case "Add":
                for input in node.input { if let heads = search(input, depth: depth + 1) { return heads } }
                return nil
            case "Div", "Mul":
                guard node.input.count == 2, producer(of: node.input[0])?.opType == "MatMul",
                      let c = scalar(node.input[1]), c.isFinite, c > 0 else { return nil }
                let d = Int((node.opType == "Div" ? c * c : 1 / (c * c)).rounded())
                return d > 0 && hidden % d == 0 ? hidden / d : nil
            default:
                return nil
            }
        }
        for softmax in proto.graph.node where softmax.opType == "Softmax" {
            if let input = softmax.input.first, let heads = search(input, depth: 0) { return heads }
        }
        return nil
    }

    /// Every weight `config` needs, each found in the graph and checked against its expected shape.
    ///
    /// Biases, layer norms and embedding tables are named initializers (`prefix` + HuggingFace name). A
    /// `Linear` weight is named too, `[out, in]`, in some exports; otherwise it is the anonymous `[in, out]`
    /// initializer of the `MatMul` whose output the `Add` of the named bias adds to.
    ///
    /// - Throws: ``ImportError/missingTensor(path:tensor:)`` naming the absent initializer (or the bias
    ///   whose `MatMul` is not found), ``ImportError/invalidTensor(path:tensor:expected:found:)`` naming the
    ///   initializer whose shape disagrees with `config`.
    func bertWeights(prefix: String, config: BertConfig) throws(ImportError) -> [ONNXWeightSource] {
        var sources: [ONNXWeightSource] = []
        var used: [String: String] = [:]
        for spec in config.expectedWeights() {
            let source: ONNXWeightSource
            if initializer(prefix + spec.name) != nil || !Self.isLinearWeight(spec.name) {
                source = ONNXWeightSource(target: spec, initializer: prefix + spec.name, transposed: false)
            } else {
                source = try matMulWeight(for: spec, prefix: prefix)
            }
            guard let tensor = initializer(source.initializer) else {
                throw .missingTensor(path: path, tensor: source.initializer)
            }
            let expected = source.transposed ? spec.shape.reversed() : spec.shape
            guard tensor.dims.map({ Int($0) }) == expected else {
                throw .invalidTensor(
                    path: path, tensor: source.initializer,
                    expected: "shape \(expected) for \(spec.name)\(source.transposed ? " ([in, out], transposed to \(spec.shape))" : "") "
                        + "from the config (\(Self.describe(config)))",
                    found: "shape \(tensor.dims)")
            }
            if let other = used[source.initializer] {
                throw .invalidTensor(
                    path: path, tensor: source.initializer, expected: "one initializer per weight",
                    found: "it serves both \(other) and \(spec.name)")
            }
            used[source.initializer] = spec.name
            sources.append(source)
        }
        return sources
    }

    /// Whether `name` is the weight of a `Linear` (a `MatMul` in the graph).
    static func isLinearWeight(_ name: String) -> Bool {
        name.hasPrefix("encoder.layer.") && name.hasSuffix(".weight") && !name.contains("LayerNorm")
    }

    /// The `[in, out]` initializer multiplied in just before the named bias of `spec` is added.
    private func matMulWeight(for spec: WeightSpec, prefix: String) throws(ImportError) -> ONNXWeightSource {
        let bias = prefix + spec.name.dropLast("weight".count) + "bias"
        guard initializer(bias) != nil else { throw .missingTensor(path: path, tensor: bias) }
        let missing = ImportError.missingTensor(
            path: path, tensor: "\(prefix + spec.name) (neither that initializer nor a MatMul weight whose product the Add of '\(bias)' adds to)")
        for add in consumers(of: bias) where add.opType == "Add" && add.input.count == 2 {
            let other = add.input[0] == bias ? add.input[1] : add.input[0]
            guard let matMul = producer(of: other), matMul.opType == "MatMul", matMul.input.count == 2,
                  initializer(matMul.input[1]) != nil else { continue }
            return ONNXWeightSource(target: spec, initializer: matMul.input[1], transposed: true)
        }
        throw missing
    }

    /// `hidden 384, 3 layers, 12 heads, intermediate 1536, vocab 30522, 512 positions, 2 types`.
    static func describe(_ c: BertConfig) -> String {
        "hidden \(c.hiddenSize), \(c.numHiddenLayers) layers, \(c.numAttentionHeads) heads, intermediate \(c.intermediateSize), "
            + "vocab \(c.vocabSize), \(c.maxPositionEmbeddings) positions, \(c.typeVocabSize) types"
    }
}
