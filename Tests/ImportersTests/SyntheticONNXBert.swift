import Foundation
@testable import Importers

/// A tiny BERT encoder as an ONNX graph, built with the generated protobuf types, laid out as
/// sentence-transformers' export lays out paraphrase-MiniLM-L3-v2: named `model.0.auto_model.*`
/// initializers for embeddings, biases and layer norms, anonymous `onnx::MatMul_N` weights `[in, out]`
/// feeding `Add(bias, MatMul(x, W))`, an attention `Softmax(Add(Div(MatMul(q, kᵀ), √d), mask))`, GELU
/// through `Erf`, and `LayerNormalization` with ε = 1e-12.
///
/// Values are deterministic (a hash of the tensor name), so two builds give the same bytes. `drop`
/// removes initializers and `reshape` changes an initializer's dims (its data too), for bad-input tests.
///
/// ```swift
/// var bert = SyntheticONNXBert()
/// bert.drop = ["model.0.auto_model.encoder.layer.1.output.LayerNorm.bias"]
/// let data = try bert.model().serializedData()
/// ```
struct SyntheticONNXBert {
    static let prefix = "model.0.auto_model."
    /// The vocabulary, one token a line in `vocab.txt`.
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat", "a", "dog"]

    var hidden = 8, heads = 2, layers = 2, intermediate = 16, positions = 128, types = 2
    /// Initializers to leave out.
    var drop: Set<String> = []
    /// Initializers whose dims (and data) are replaced.
    var reshape: [String: [Int]] = [:]

    /// The anonymous MatMul weight of layer `layer`'s `linear` (0 query, 1 key, 2 value, 3 attention
    /// output, 4 intermediate, 5 output): `onnx::MatMul_<100 + 6·layer + linear>`.
    static func matMulName(layer: Int, linear: Int) -> String { "onnx::MatMul_\(100 + 6 * layer + linear)" }

    /// Deterministic values in [-1, 1) for a tensor.
    static func values(_ name: String, count: Int) -> [Float] {
        var state = name.utf8.reduce(UInt64(0xcbf29ce484222325)) { ($0 ^ UInt64($1)) &* 0x100000001b3 }
        return (0 ..< count).map { _ in
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            z ^= z >> 31
            return Float(z >> 40) / Float(1 << 23) - 1
        }
    }

    /// Every initializer (name, dims) before `drop` and `reshape`, in the export's order.
    var initializers: [(String, [Int])] {
        let p = Self.prefix, h = hidden
        var list: [(String, [Int])] = [
            (p + "embeddings.word_embeddings.weight", [Self.vocabulary.count, h]),
            (p + "embeddings.position_embeddings.weight", [positions, h]),
            (p + "embeddings.token_type_embeddings.weight", [types, h]),
            (p + "embeddings.LayerNorm.weight", [h]), (p + "embeddings.LayerNorm.bias", [h]),
        ]
        for l in 0 ..< layers {
            let q = p + "encoder.layer.\(l)."
            list += [
                (q + "attention.self.query.bias", [h]), (q + "attention.self.key.bias", [h]), (q + "attention.self.value.bias", [h]),
                (q + "attention.output.dense.bias", [h]),
                (q + "attention.output.LayerNorm.weight", [h]), (q + "attention.output.LayerNorm.bias", [h]),
                (q + "intermediate.dense.bias", [intermediate]), (q + "output.dense.bias", [h]),
                (q + "output.LayerNorm.weight", [h]), (q + "output.LayerNorm.bias", [h]),
            ]
        }
        for l in 0 ..< layers {
            list += [
                (Self.matMulName(layer: l, linear: 0), [h, h]), (Self.matMulName(layer: l, linear: 1), [h, h]),
                (Self.matMulName(layer: l, linear: 2), [h, h]), (Self.matMulName(layer: l, linear: 3), [h, h]),
                (Self.matMulName(layer: l, linear: 4), [h, intermediate]), (Self.matMulName(layer: l, linear: 5), [intermediate, h]),
            ]
        }
        return list
    }

    private static func node(_ op: String, _ inputs: [String], _ output: String) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = "/" + output
        node.input = inputs
        node.output = [output]
        return node
    }

    private static func scalarConstant(_ value: Float, _ output: String) -> Onnx_NodeProto {
        var node = node("Constant", [], output)
        var tensor = Onnx_TensorProto()
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.rawData = withUnsafeBytes(of: value.bitPattern.littleEndian) { Data($0) }
        var attribute = Onnx_AttributeProto()
        attribute.name = "value"
        attribute.type = .tensor
        attribute.t = tensor
        node.attribute = [attribute]
        return node
    }

    /// The graph's nodes: embeddings, then per layer the six `MatMul` + `Add(bias, ·)` pairs, the
    /// attention scores and softmax, GELU and the layer norms.
    var nodes: [Onnx_NodeProto] {
        let p = Self.prefix
        var nodes: [Onnx_NodeProto] = [
            Self.node("Gather", [p + "embeddings.word_embeddings.weight", "input_ids"], "words"),
            Self.node("Add", ["words", "positions_and_types"], "embedded"),
        ]
        var ln = Self.node("LayerNormalization", ["embedded", p + "embeddings.LayerNorm.weight", p + "embeddings.LayerNorm.bias"], "x0")
        var epsilon = Onnx_AttributeProto()
        epsilon.name = "epsilon"
        epsilon.type = .float
        epsilon.f = 1e-12
        ln.attribute = [epsilon]
        nodes.append(ln)
        nodes.append(Self.scalarConstant(Float(hidden / heads).squareRoot(), "scale"))
        var x = "x0"
        for l in 0 ..< layers {
            let q = p + "encoder.layer.\(l)."
            func linear(_ k: Int, _ input: String, _ bias: String) -> String {
                let product = "l\(l).mm\(k)", out = "l\(l).lin\(k)"
                nodes.append(Self.node("MatMul", [input, Self.matMulName(layer: l, linear: k)], product))
                nodes.append(Self.node("Add", [q + bias, product], out))
                return out
            }
            let query = linear(0, x, "attention.self.query.bias")
            let key = linear(1, x, "attention.self.key.bias")
            let value = linear(2, x, "attention.self.value.bias")
            nodes.append(Self.node("MatMul", [query, key], "l\(l).scores"))
            nodes.append(Self.node("Div", ["l\(l).scores", "scale"], "l\(l).scaled"))
            nodes.append(Self.node("Add", ["l\(l).scaled", "mask"], "l\(l).masked"))
            nodes.append(Self.node("Softmax", ["l\(l).masked"], "l\(l).probs"))
            nodes.append(Self.node("MatMul", ["l\(l).probs", value], "l\(l).context"))
            let attention = linear(3, "l\(l).context", "attention.output.dense.bias")
            nodes.append(Self.node("LayerNormalization", [attention, q + "attention.output.LayerNorm.weight", q + "attention.output.LayerNorm.bias"], "l\(l).a"))
            let up = linear(4, "l\(l).a", "intermediate.dense.bias")
            nodes.append(Self.node("Erf", [up], "l\(l).erf"))
            let down = linear(5, "l\(l).erf", "output.dense.bias")
            nodes.append(Self.node("LayerNormalization", [down, q + "output.LayerNorm.weight", q + "output.LayerNorm.bias"], "l\(l).out"))
            x = "l\(l).out"
        }
        nodes.append(Self.node("ReduceSum", [x, "axes"], "pooled"))
        return nodes
    }

    /// The weight values of initializer `name` with dims `dims` (what the file holds).
    static func data(_ name: String, dims: [Int]) -> [Float] { values(name, count: dims.reduce(1, *)) }

    /// The whole model (opset 17, producer "synthetic").
    func model() -> Onnx_ModelProto {
        var graph = Onnx_GraphProto()
        graph.name = "synthetic-bert"
        graph.node = nodes
        for (name, dims) in initializers where !drop.contains(name) {
            let dims = reshape[name] ?? dims
            var tensor = Onnx_TensorProto()
            tensor.name = name
            tensor.dims = dims.map(Int64.init)
            tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            tensor.rawData = Self.data(name, dims: dims).withUnsafeBufferPointer { Data(buffer: $0) }
            graph.initializer.append(tensor)
        }
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "synthetic"
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 17
        model.opsetImport = [opset]
        model.graph = graph
        return model
    }

    /// The serialised model.
    func bytes() throws -> Data { try model().serializedData() }

    /// A tokenizer folder for the vocabulary (`vocab.txt` and `tokenizer_config.json`).
    static func writeVocabulary(to folder: URL, extra: [String] = []) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (vocabulary + extra).joined(separator: "\n").appending("\n").write(
            to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try #"{"do_lower_case": true, "model_max_length": 512, "tokenizer_class": "BertTokenizer"}"#.write(
            to: folder.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
    }
}
