import Foundation
import Testing
import Models
import TestSupport

/// `config.json`, sentence-transformers folders (both the classic and the v6 spelling) and the check
/// of a checkpoint against its configuration, including every located error.
@Suite struct ModelFolderTests {
    // MARK: - BertConfig

    @Test func decodesTheAllMiniLMConfig() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("config.json", text: miniLMConfigJSON())
        let config = try BertConfig(contentsOf: url)
        #expect(config == BertConfig(
            modelType: "bert", vocabSize: 30522, hiddenSize: 384, numHiddenLayers: 6, numAttentionHeads: 12,
            intermediateSize: 1536, hiddenAct: "gelu", hiddenDropoutProb: 0.1, attentionProbsDropoutProb: 0.1,
            maxPositionEmbeddings: 512, typeVocabSize: 2, layerNormEps: 1e-12, padTokenId: 0, positionEmbeddingType: "absolute"))
        #expect(config.headSize == 32)
        #expect(config.positionIdOffset == 0)
        #expect(config.maxSequenceLength == 512)
        // Encoding writes the snake_case keys back.
        let encoded = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        #expect(encoded.contains(#""num_attention_heads":12"#))
    }

    @Test func robertaFamilyOffsetsPositions() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("config.json", text: miniLMConfigJSON(
            ["model_type": #""xlm-roberta""#, "pad_token_id": "1", "max_position_embeddings": "514", "type_vocab_size": "1"]))
        let config = try BertConfig(contentsOf: url)
        #expect(config.positionIdOffset == 2)
        #expect(config.maxSequenceLength == 512)
    }

    @Test func fillsHuggingFaceDefaultsAndTakesOldConfigsAsBert() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("config.json", text: #"""
            {"architectures": ["BertModel"], "vocab_size": 10, "hidden_size": 4, "num_hidden_layers": 1,
             "num_attention_heads": 2, "intermediate_size": 8, "max_position_embeddings": 16}
            """#)
        let config = try BertConfig(contentsOf: url)
        #expect(config == BertConfig(vocabSize: 10, hiddenSize: 4, numHiddenLayers: 1, numAttentionHeads: 2,
                                     intermediateSize: 8, maxPositionEmbeddings: 16))
    }

    @Test(arguments: BadBertConfigCase.all)
    func rejectsBadConfig(_ bad: BadBertConfigCase) throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("config-\(bad.label).json", text: bad.text)
        let error = #expect(throws: CheckpointError.self) { try BertConfig(contentsOf: url) }
        guard let error else { return }
        #expect(checkpointErrorMatches(bad.expected(url.path), error), "\(error)")
        #expect(error.description.contains("config-\(bad.label).json"))
    }

    @Test func missingConfigIsNamed() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("config.json")
        let error = #expect(throws: CheckpointError.self) { try BertConfig(contentsOf: url) }
        #expect(error == .missingFile(path: url.path, purpose: "a HuggingFace config.json"))
        #expect(error?.description.contains(url.path) == true)
    }

    // MARK: - Expected weights

    @Test func expectedWeightsFollowHuggingFaceNames() throws {
        let config = BertConfig(vocabSize: 30522, hiddenSize: 384, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 1536)
        let specs = config.expectedWeights()
        #expect(specs.count == 5 + 16 * 6)
        #expect(Set(specs.map(\.name)).count == specs.count)
        let shapes = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0.shape) })
        #expect(shapes["embeddings.word_embeddings.weight"] == [30522, 384])
        #expect(shapes["embeddings.position_embeddings.weight"] == [512, 384])
        #expect(shapes["embeddings.token_type_embeddings.weight"] == [2, 384])
        #expect(shapes["embeddings.LayerNorm.bias"] == [384])
        #expect(shapes["encoder.layer.5.attention.self.value.weight"] == [384, 384])
        #expect(shapes["encoder.layer.0.attention.output.LayerNorm.weight"] == [384])
        #expect(shapes["encoder.layer.3.intermediate.dense.weight"] == [1536, 384])
        #expect(shapes["encoder.layer.3.intermediate.dense.bias"] == [1536])
        #expect(shapes["encoder.layer.2.output.dense.weight"] == [384, 1536])
        #expect(shapes["pooler.dense.weight"] == nil)
        let withPooler = config.expectedWeights(includePooler: true)
        #expect(withPooler.suffix(2) == [WeightSpec(name: "pooler.dense.weight", shape: [384, 384]),
                                         WeightSpec(name: "pooler.dense.bias", shape: [384])])
    }

    // MARK: - Checkpoint against config

    @Test func checksATransformersCheckpoint() throws {
        let folder = try SentenceTransformerFolder(url: try Bundle.module.fixture("checkpoint/tiny-st"))
        let checkpoint = try folder.loadCheckpoint()
        #expect(checkpoint.prefix == "")
        #expect(checkpoint.hasPooler)
        #expect(checkpoint.unusedNames == [])
        let expected = try Bundle.module.decodeFixture([String: ExpectedBits].self, "checkpoint/tiny-st-expected.json")
        for (name, tensor) in expected {
            #expect(checkpoint.shape(name) == tensor.shape)
            #expect(try checkpoint.floats(name).map(\.bitPattern) == tensor.bits, "\(name)")
        }
    }

    @Test func resolvesTheBertPrefix() throws {
        let root = try Bundle.module.fixture("checkpoint/tiny-prefixed")
        let config = try BertConfig(contentsOf: root.appendingPathComponent("config.json"))
        let file = try SafeTensorsFile(url: root.appendingPathComponent("model.safetensors"))
        #expect(BertCheckpoint.resolvePrefix(in: file) == "bert.")
        let checkpoint = try BertCheckpoint(file: file, config: config)
        #expect(checkpoint.prefix == "bert.")
        #expect(checkpoint.hasPooler)
        #expect(checkpoint.key("embeddings.LayerNorm.weight") == "bert.embeddings.LayerNorm.weight")
        #expect(checkpoint.unusedNames == ["classifier.bias", "classifier.weight"])
        #expect(try checkpoint.floats("encoder.layer.1.output.dense.weight")
                == file.floats("bert.encoder.layer.1.output.dense.weight"))
    }

    @Test func shapeDisagreeingWithConfigIsNamed() throws {
        let root = try Bundle.module.fixture("checkpoint/tiny-st")
        var config = try BertConfig(contentsOf: root.appendingPathComponent("config.json"))
        config.intermediateSize = 13
        let url = root.appendingPathComponent("model.safetensors")
        let error = #expect(throws: CheckpointError.self) { try BertCheckpoint(file: SafeTensorsFile(url: url), config: config) }
        #expect(error == .weightShapeMismatch(
            path: url.path, tensor: "encoder.layer.0.intermediate.dense.weight", expected: [13, 8], actual: [12, 8]))
        #expect(error?.description.contains("model.safetensors") == true)
        #expect(error?.description.contains("expected shape [13, 8], found [12, 8]") == true)
    }

    @Test func missingWeightIsNamed() throws {
        let config = BertConfig(vocabSize: 5, hiddenSize: 2, numHiddenLayers: 1, numAttentionHeads: 1, intermediateSize: 3,
                                maxPositionEmbeddings: 4)
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("partial.safetensors")
        var writer = SafeTensorsWriter(url: url)
        for spec in config.expectedWeights() where spec.name != "encoder.layer.0.output.LayerNorm.bias" {
            try writer.add(spec.name, shape: spec.shape, values: [Float](repeating: 0, count: spec.shape.reduce(1, *)))
        }
        try writer.write()
        let error = #expect(throws: CheckpointError.self) { try BertCheckpoint(file: SafeTensorsFile(url: url), config: config) }
        #expect(error == .missingWeight(path: url.path, tensor: "encoder.layer.0.output.LayerNorm.bias", expectedShape: [2]))
        #expect(error?.description.contains("partial.safetensors") == true)

        let empty = folder.url.appendingPathComponent("empty.safetensors")
        try SafeTensorsWriter(url: empty).write()
        let none = #expect(throws: CheckpointError.self) { try BertCheckpoint(file: SafeTensorsFile(url: empty), config: config) }
        #expect(none == .missingWeight(path: empty.path, tensor: "embeddings.word_embeddings.weight", expectedShape: [5, 2]))
    }

    // MARK: - sentence-transformers folders

    @Test func readsASentenceTransformersV6Folder() throws {
        let root = try Bundle.module.fixture("checkpoint/tiny-st")
        let folder = try SentenceTransformerFolder(url: root)
        #expect(folder.isSentenceTransformer)
        #expect(folder.modules.map(\.kind) == [.transformer, .pooling, .normalize])
        #expect(folder.modules.map(\.path) == ["", "1_Pooling", "2_Normalize"])
        #expect(folder.transformerURL == root)
        #expect(folder.checkpointURL == root.appendingPathComponent("model.safetensors"))
        #expect(folder.config.hiddenSize == 8)
        #expect(folder.pooling == PoolingConfig(mode: .cls, wordEmbeddingDimension: 8, includePrompt: true))
        #expect(folder.normalize)
        #expect(folder.maxSeqLength == 16)  // v6 keeps it in tokenizer_config.json
        #expect(folder.doLowerCase == false)
        #expect(folder.prompts == ["query": "query: ", "passage": "passage: ", "document": ""])
        #expect(folder.defaultPromptName == "query")
        #expect(folder.sentenceTransformersConfig.similarityFnName == "cosine")
    }

    @Test func readsAClassicSentenceTransformersFolder() throws {
        let folder = try ClassicModelFolder()
        try folder.write(modules: ClassicModelFolder.modules(normalize: true))
        try folder.write(pooling: #"{"word_embedding_dimension": 8, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": false, "pooling_mode_max_tokens": true, "pooling_mode_mean_sqrt_len_tokens": false}"#)
        try folder.temp.write("sentence_bert_config.json", text: #"{"max_seq_length": 12, "do_lower_case": true}"#)
        let model = try SentenceTransformerFolder(url: folder.url)
        #expect(model.modules.map(\.kind) == [.transformer, .pooling, .normalize])
        #expect(model.pooling.mode == .max)
        #expect(model.normalize)
        #expect(model.maxSeqLength == 12)
        #expect(model.doLowerCase)
        #expect(model.prompts.isEmpty)
        #expect(model.defaultPromptName == nil)
        _ = try model.loadCheckpoint()
    }

    @Test func readsAPlainHuggingFaceFolderWithMeanPooling() throws {
        let root = try Bundle.module.fixture("checkpoint/tiny-prefixed")
        let folder = try SentenceTransformerFolder(url: root)
        #expect(!folder.isSentenceTransformer)
        #expect(folder.pooling == PoolingConfig(mode: .mean, wordEmbeddingDimension: 8))
        #expect(!folder.normalize)
        #expect(folder.maxSeqLength == 20)
        #expect(try folder.loadCheckpoint().prefix == "bert.")
    }

    @Test func capsTheTokenizerLimitAtThePositionTable() throws {
        // transformers writes 10³⁰ for "no limit"; sentence-transformers caps it at the position table.
        let folder = try ClassicModelFolder()
        try folder.temp.write("tokenizer_config.json", text: #"{"model_max_length": 1000000000000000019884624838656}"#)
        #expect(try SentenceTransformerFolder(url: folder.url).maxSeqLength == 20)
        try folder.temp.write("tokenizer_config.json", text: #"{"model_max_length": 12}"#)
        #expect(try SentenceTransformerFolder(url: folder.url).maxSeqLength == 12)
        try folder.temp.write("tokenizer_config.json", text: #"{"model_max_length": "long"}"#)
        let error = #expect(throws: CheckpointError.self) { try SentenceTransformerFolder(url: folder.url) }
        #expect(error?.description.contains("tokenizer_config.json") == true)
    }

    @Test func acceptsEveryPoolingSpelling() throws {
        let spellings: [(String, PoolingMode)] = [
            (#"{"embedding_dimension": 8, "pooling_mode": "mean"}"#, .mean),
            (#"{"embedding_dimension": 8, "pooling_mode": ["max"]}"#, .max),
            (#"{"word_embedding_dimension": 8, "pooling_mode_cls_token": true}"#, .cls),
            (#"{"embedding_dimension": 8, "pooling_mode": "cls", "pooling_mode_mean_tokens": true}"#, .cls),
        ]
        for (text, mode) in spellings {
            let folder = try ClassicModelFolder()
            try folder.write(modules: ClassicModelFolder.modules(normalize: false))
            try folder.write(pooling: text)
            let model = try SentenceTransformerFolder(url: folder.url)
            #expect(model.pooling.mode == mode, "\(text)")
            #expect(!model.normalize)
        }
    }

    @Test(arguments: BadModelFolderCase.all)
    func rejectsBadFolder(_ bad: BadModelFolderCase) throws {
        let folder = try ClassicModelFolder()
        try folder.write(modules: ClassicModelFolder.modules(normalize: true))
        try folder.write(pooling: #"{"word_embedding_dimension": 8, "pooling_mode_mean_tokens": true}"#)
        try bad.damage(folder)
        let error = #expect(throws: CheckpointError.self) { try SentenceTransformerFolder(url: folder.url) }
        guard let error else { return }
        let path = folder.url.appendingPathComponent(bad.file).path
        #expect(error.path == path, "\(error)")
        #expect(bad.matches(error), "\(error)")
        #expect(error.description.contains(path))
    }

    @Test func missingFolderIsNamed() throws {
        let url = URL(fileURLWithPath: "/nonexistent/models/all-MiniLM-L6-v2")
        let error = #expect(throws: CheckpointError.self) { try SentenceTransformerFolder(url: url) }
        #expect(error == .missingFolder(path: url.path))
        #expect(error?.description.contains("all-MiniLM-L6-v2") == true)
    }

    // MARK: - The real model (models/all-MiniLM-L6-v2 from scripts/setup.sh; missing, the test fails)

    @Test func readsTheRealAllMiniLM() throws {
        let folder = try SentenceTransformerFolder(url: try RealAssets.model("all-MiniLM-L6-v2"))
        #expect(folder.pooling.mode == .mean)
        #expect(folder.normalize)
        #expect(folder.maxSeqLength == 256)
        let checkpoint = try folder.loadCheckpoint()
        #expect(checkpoint.prefix == "")
        #expect(checkpoint.hasPooler)
        #expect(checkpoint.unusedNames == ["embeddings.position_ids"])
        #expect(try checkpoint.floats("embeddings.word_embeddings.weight").count == 30522 * 384)
    }
}

// MARK: - Bad configs and folders

/// A `config.json` that must be refused, and the error it must produce (given the file's path).
struct BadBertConfigCase: Sendable, CustomTestStringConvertible {
    let label: String
    let text: String
    let expected: @Sendable (String) -> CheckpointError

    var testDescription: String { label }

    static var all: [BadBertConfigCase] {
        [
            BadBertConfigCase(label: "distilbert", text: miniLMConfigJSON(["model_type": #""distilbert""#])) {
                .unsupportedModelType(path: $0, modelType: "distilbert", supported: ["bert", "roberta", "xlm-roberta", "mpnet"])
            },
            BadBertConfigCase(label: "relu", text: miniLMConfigJSON(["hidden_act": #""relu""#])) {
                .unsupportedActivation(path: $0, activation: "relu", supported: ["gelu"])
            },
            BadBertConfigCase(label: "heads", text: miniLMConfigJSON(["num_attention_heads": "5"])) {
                .invalidConfig(path: $0, field: "hidden_size", detail: "384 is not divisible by num_attention_heads 5")
            },
            BadBertConfigCase(label: "relative", text: miniLMConfigJSON(["position_embedding_type": #""relative_key""#])) {
                .invalidConfig(path: $0, field: "position_embedding_type", detail: "'relative_key' is not supported (expected 'absolute')")
            },
            BadBertConfigCase(label: "no-hidden-size", text: miniLMConfigJSON(["hidden_size": nil])) {
                .invalidConfig(path: $0, field: "hidden_size", detail: "missing")
            },
            BadBertConfigCase(label: "string-size", text: miniLMConfigJSON(["hidden_size": #""384""#])) {
                .invalidConfig(path: $0, field: "hidden_size", detail: "expected an integer")
            },
            BadBertConfigCase(label: "zero-layers", text: miniLMConfigJSON(["num_hidden_layers": "0"])) {
                .invalidConfig(path: $0, field: "num_hidden_layers", detail: "is 0, expected a positive integer")
            },
            BadBertConfigCase(label: "no-model-type", text: miniLMConfigJSON(["model_type": nil, "architectures": #"["T5Model"]"#])) {
                .invalidConfig(path: $0, field: "model_type", detail: "missing (expected one of bert, roberta, xlm-roberta, mpnet)")
            },
            BadBertConfigCase(label: "malformed", text: #"{"model_type": "bert", "#) { path in
                // The parser's own wording follows the prefix; compare the case and the path only.
                .malformedJSON(path: path, detail: "")
            },
        ]
    }
}

/// Whether `actual` equals `expected`, except that two `malformedJSON` errors match whatever their detail.
func checkpointErrorMatches(_ expected: CheckpointError, _ actual: CheckpointError) -> Bool {
    if case .malformedJSON(let a, _) = expected, case .malformedJSON(let b, _) = actual { return a == b }
    return expected == actual
}

/// A classic-format sentence-transformers folder in a temporary directory, built from the tiny-st
/// fixture's `config.json` and `model.safetensors`; tests add or damage the other files.
final class ClassicModelFolder {
    let temp: TemporaryFolder
    var url: URL { temp.url }

    init() throws {
        temp = try TemporaryFolder()
        let source = try Bundle.module.fixture("checkpoint/tiny-st")
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
    }

    func write(modules: String) throws { try temp.write("modules.json", text: modules) }
    func write(pooling: String) throws { try temp.write("1_Pooling/config.json", text: pooling) }

    /// A classic `modules.json`: Transformer, Pooling and optionally Normalize.
    static func modules(normalize: Bool, poolingType: String = "sentence_transformers.models.Pooling") -> String {
        var entries = [
            #"{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}"#,
            #"{"idx": 1, "name": "1", "path": "1_Pooling", "type": "\#(poolingType)"}"#,
        ]
        if normalize {
            entries.append(#"{"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}"#)
        }
        return "[" + entries.joined(separator: ", ") + "]"
    }
}

/// A damaged sentence-transformers folder: what is damaged, which file the error must name, and the error.
struct BadModelFolderCase: Sendable, CustomTestStringConvertible {
    let label: String
    /// The file (relative to the folder) the error must name.
    let file: String
    let damage: @Sendable (ClassicModelFolder) throws -> Void
    let matches: @Sendable (CheckpointError) -> Bool

    var testDescription: String { label }

    static var all: [BadModelFolderCase] {
        [
            BadModelFolderCase(label: "no-pooling-config", file: "1_Pooling/config.json", damage: {
                try FileManager.default.removeItem(at: $0.url.appendingPathComponent("1_Pooling"))
            }) { if case .missingFile = $0 { true } else { false } },
            BadModelFolderCase(label: "no-checkpoint", file: "model.safetensors", damage: {
                try FileManager.default.removeItem(at: $0.url.appendingPathComponent("model.safetensors"))
            }) { if case .missingFile = $0 { true } else { false } },
            BadModelFolderCase(label: "no-config", file: "config.json", damage: {
                try FileManager.default.removeItem(at: $0.url.appendingPathComponent("config.json"))
            }) { if case .missingFile = $0 { true } else { false } },
            BadModelFolderCase(label: "unknown-module", file: "modules.json", damage: {
                try $0.write(modules: ClassicModelFolder.modules(normalize: false, poolingType: "sentence_transformers.models.LSTM"))
            }) {
                if case .unknownModuleType(_, "sentence_transformers.models.LSTM", _) = $0 { true } else { false }
            },
            BadModelFolderCase(label: "modules-out-of-order", file: "modules.json", damage: {
                try $0.write(modules: #"[{"idx": 0, "name": "0", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}, {"idx": 1, "name": "1", "path": "", "type": "sentence_transformers.models.Transformer"}]"#)
            }) { if case .invalidConfig(_, "type", _) = $0 { true } else { false } },
            BadModelFolderCase(label: "malformed-modules", file: "modules.json", damage: {
                try $0.write(modules: "[{]")
            }) { if case .malformedJSON = $0 { true } else { false } },
            BadModelFolderCase(label: "module-without-type", file: "modules.json", damage: {
                try $0.write(modules: #"[{"idx": 0, "name": "0", "path": ""}]"#)
            }) { $0 == .invalidConfig(path: $0.path, field: "[0].type", detail: "missing") },
            BadModelFolderCase(label: "two-pooling-modes", file: "1_Pooling/config.json", damage: {
                try $0.write(pooling: #"{"word_embedding_dimension": 8, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": true}"#)
            }) { if case .unsupportedPooling = $0 { true } else { false } },
            BadModelFolderCase(label: "no-pooling-mode", file: "1_Pooling/config.json", damage: {
                try $0.write(pooling: #"{"word_embedding_dimension": 8, "pooling_mode_mean_tokens": false}"#)
            }) { if case .unsupportedPooling = $0 { true } else { false } },
            BadModelFolderCase(label: "sqrt-len-pooling", file: "1_Pooling/config.json", damage: {
                try $0.write(pooling: #"{"word_embedding_dimension": 8, "pooling_mode_mean_sqrt_len_tokens": true}"#)
            }) { if case .unsupportedPooling = $0 { true } else { false } },
            BadModelFolderCase(label: "lasttoken-pooling", file: "1_Pooling/config.json", damage: {
                try $0.write(pooling: #"{"embedding_dimension": 8, "pooling_mode": "lasttoken"}"#)
            }) { if case .unsupportedPooling = $0 { true } else { false } },
            BadModelFolderCase(label: "pooling-width", file: "1_Pooling/config.json", damage: {
                try $0.write(pooling: #"{"word_embedding_dimension": 384, "pooling_mode_mean_tokens": true}"#)
            }) { if case .invalidConfig(_, "word_embedding_dimension", _) = $0 { true } else { false } },
            BadModelFolderCase(label: "malformed-pooling", file: "1_Pooling/config.json", damage: {
                try $0.write(pooling: "pooling")
            }) { if case .malformedJSON = $0 { true } else { false } },
            BadModelFolderCase(label: "sequence-too-long", file: "sentence_bert_config.json", damage: {
                try $0.temp.write("sentence_bert_config.json", text: #"{"max_seq_length": 512, "do_lower_case": false}"#)
            }) { if case .invalidConfig(_, "max_seq_length", _) = $0 { true } else { false } },
            BadModelFolderCase(label: "bad-model-type", file: "config.json", damage: {
                try $0.temp.write("config.json", text: miniLMConfigJSON(["model_type": #""t5""#]))
            }) { if case .unsupportedModelType(_, "t5", _) = $0 { true } else { false } },
            BadModelFolderCase(label: "unknown-default-prompt", file: "config_sentence_transformers.json", damage: {
                try $0.temp.write("config_sentence_transformers.json", text: #"{"prompts": {"query": "q: "}, "default_prompt_name": "passage"}"#)
            }) { if case .invalidConfig(_, "default_prompt_name", _) = $0 { true } else { false } },
            BadModelFolderCase(label: "cross-encoder", file: "config_sentence_transformers.json", damage: {
                try $0.temp.write("config_sentence_transformers.json", text: #"{"model_type": "CrossEncoder"}"#)
            }) { if case .unsupportedModelType(_, "CrossEncoder", _) = $0 { true } else { false } },
        ]
    }
}

// MARK: - Helpers

/// Float32 bit patterns of one tensor, as the fixture script writes them.
private struct ExpectedBits: Decodable {
    let shape: [Int]
    let bits: [UInt32]
}

/// all-MiniLM-L6-v2's `config.json`, with `overrides` replacing fields (raw JSON values) and nil values removing them.
func miniLMConfigJSON(_ overrides: [String: String?] = [:]) -> String {
    var fields: [String: String] = [
        "architectures": #"["BertModel"]"#, "attention_probs_dropout_prob": "0.1", "hidden_act": #""gelu""#,
        "hidden_dropout_prob": "0.1", "hidden_size": "384", "initializer_range": "0.02", "intermediate_size": "1536",
        "layer_norm_eps": "1e-12", "max_position_embeddings": "512", "model_type": #""bert""#, "num_attention_heads": "12",
        "num_hidden_layers": "6", "pad_token_id": "0", "position_embedding_type": #""absolute""#, "type_vocab_size": "2",
        "vocab_size": "30522",
    ]
    for (key, value) in overrides {
        fields[key] = value
    }
    return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
}
