import Foundation

/// A model folder as sentence-transformers saves it, or a plain HuggingFace BERT folder, described
/// and validated without loading any weights.
///
/// A sentence-transformers folder has `modules.json` listing a `Transformer` (whose folder holds
/// `config.json`, `model.safetensors` and `sentence_bert_config.json`), a `Pooling` (with
/// `1_Pooling/config.json`), then any number of `Dense` modules (identity activation) and optionally a
/// `Normalize`; `config_sentence_transformers.json` may
/// add prompts. A folder without `modules.json` is read the way sentence-transformers reads a plain
/// HuggingFace model: the transformer at the root, mean pooling, no normalisation.
///
/// ```swift
/// let folder = try SentenceTransformerFolder(url: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// folder.pooling.mode      // .mean
/// folder.normalize         // true
/// let checkpoint = try folder.loadCheckpoint()   // model.safetensors checked against config.json
/// ```
public struct SentenceTransformerFolder: Sendable {
    /// The model folder.
    public let url: URL
    /// The pipeline from `modules.json`, sorted by `idx`; empty for a plain HuggingFace folder.
    public let modules: [SentenceTransformerModule]
    /// The transformer module's folder (holds `config.json`, `model.safetensors` and the tokenizer files).
    public let transformerURL: URL
    /// The encoder's configuration, from `config.json`.
    public let config: BertConfig
    /// How token vectors become a sentence vector.
    public let pooling: PoolingConfig
    /// The `Dense` modules after pooling, in pipeline order (empty for most models).
    public let dense: [DenseModuleConfig]
    /// Whether sentence vectors are L2-normalised (a `Normalize` module follows pooling).
    public let normalize: Bool
    /// The longest input in tokens, resolved as sentence-transformers does: `max_seq_length` from
    /// `sentence_bert_config.json` (v5 and earlier); else the tokenizer's `model_max_length` from
    /// `tokenizer_config.json` (where v6 keeps it), capped at the position table; else the
    /// configuration's ``BertConfig/maxSequenceLength``.
    public let maxSeqLength: Int
    /// Whether inputs are lower-cased before tokenisation (`do_lower_case`).
    public let doLowerCase: Bool
    /// Named prompts and the default one, from `config_sentence_transformers.json` (empty when absent).
    public let sentenceTransformersConfig: SentenceTransformersConfig

    /// The checkpoint, `model.safetensors` in ``transformerURL``.
    public var checkpointURL: URL { transformerURL.appendingPathComponent("model.safetensors") }
    /// The encoder's `config.json` in ``transformerURL``.
    public var configURL: URL { transformerURL.appendingPathComponent("config.json") }
    /// Whether the folder has a `modules.json` (false for a plain HuggingFace folder).
    public var isSentenceTransformer: Bool { !modules.isEmpty }
    /// The width of the sentence vectors: the last `Dense` module's output, else the hidden size.
    public var dimension: Int { dense.last?.outFeatures ?? config.hiddenSize }
    /// Named prompts, e.g. `["query": "query: "]`.
    public var prompts: [String: String] { sentenceTransformersConfig.prompts }
    /// The prompt applied when none is named, if any.
    public var defaultPromptName: String? { sentenceTransformersConfig.defaultPromptName }

    /// Reads and cross-checks the folder's configuration files; `model.safetensors` must exist but is not opened.
    ///
    /// - Throws: ``CheckpointError`` naming the folder or file at fault: a missing folder or file,
    ///   malformed JSON, an unknown module type, an unsupported pooling or model type, or files
    ///   that disagree (pooling width ≠ hidden size, `max_seq_length` beyond the position table).
    public init(url: URL) throws(CheckpointError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFolder(path: url.path)
        }
        let modulesURL = url.appendingPathComponent("modules.json")
        let modules: [SentenceTransformerModule]
        let transformerURL: URL
        var poolingURL: URL?
        if FileManager.default.fileExists(atPath: modulesURL.path) {
            modules = try Self.readModules(modulesURL)
            transformerURL = Self.folder(of: modules[0], in: url)
            poolingURL = Self.folder(of: modules[1], in: url).appendingPathComponent("config.json")
        } else {
            modules = []
            transformerURL = url
        }

        let configURL = transformerURL.appendingPathComponent("config.json")
        let config = try BertConfig(contentsOf: configURL)
        let checkpointURL = transformerURL.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: checkpointURL.path) else {
            let hasBin = FileManager.default.fileExists(atPath: transformerURL.appendingPathComponent("pytorch_model.bin").path)
            throw .missingFile(
                path: checkpointURL.path,
                purpose: "the weights as safetensors" + (hasBin ? "; pytorch_model.bin is not read, convert it to safetensors" : ""))
        }

        let pooling: PoolingConfig
        if let poolingURL {
            pooling = try PoolingConfig(contentsOf: poolingURL)
            guard pooling.wordEmbeddingDimension == config.hiddenSize else {
                throw .invalidConfig(
                    path: poolingURL.path, field: "word_embedding_dimension",
                    detail: "is \(pooling.wordEmbeddingDimension), expected hidden_size \(config.hiddenSize) from \(configURL.path)")
            }
        } else {
            pooling = PoolingConfig(mode: .mean, wordEmbeddingDimension: config.hiddenSize)
        }

        let sentenceBertURL = transformerURL.appendingPathComponent("sentence_bert_config.json")
        let sentenceBert = FileManager.default.fileExists(atPath: sentenceBertURL.path)
            ? try SentenceBertConfig(contentsOf: sentenceBertURL) : SentenceBertConfig()
        let maxSeqLength: Int
        if let explicit = sentenceBert.maxSeqLength {
            guard explicit <= config.maxSequenceLength else {
                throw .invalidConfig(
                    path: sentenceBertURL.path, field: "max_seq_length",
                    detail: "\(explicit) exceeds the \(config.maxSequenceLength) positions of \(configURL.path)")
            }
            maxSeqLength = explicit
        } else {
            let tokenizerLimit = try Self.tokenizerMaxLength(transformerURL.appendingPathComponent("tokenizer_config.json"))
            maxSeqLength = min(tokenizerLimit ?? config.maxSequenceLength, config.maxSequenceLength)
        }

        var dense: [DenseModuleConfig] = []
        for module in modules where module.kind == .dense {
            let config = try DenseModuleConfig(folder: Self.folder(of: module, in: url))
            let expected = dense.last?.outFeatures ?? pooling.wordEmbeddingDimension
            guard config.inFeatures == expected else {
                throw .invalidConfig(path: config.url.appendingPathComponent("config.json").path, field: "in_features",
                                     detail: "is \(config.inFeatures), expected \(expected), the width of the stage before it")
            }
            guard FileManager.default.fileExists(atPath: config.weightsURL.path) else {
                throw .missingFile(path: config.weightsURL.path, purpose: "the Dense module's weights as safetensors")
            }
            dense.append(config)
        }

        let stURL = url.appendingPathComponent("config_sentence_transformers.json")
        let stConfig = FileManager.default.fileExists(atPath: stURL.path)
            ? try SentenceTransformersConfig(contentsOf: stURL) : SentenceTransformersConfig()

        self.url = url
        self.modules = modules
        self.transformerURL = transformerURL
        self.config = config
        self.pooling = pooling
        self.dense = dense
        self.normalize = modules.contains { $0.kind == .normalize }
        self.maxSeqLength = maxSeqLength
        self.doLowerCase = sentenceBert.doLowerCase
        self.sentenceTransformersConfig = stConfig
    }

    /// Opens `model.safetensors` and checks it against ``config``.
    ///
    /// - Throws: ``CheckpointError`` naming the checkpoint and, where it applies, the tensor at fault.
    public func loadCheckpoint() throws(CheckpointError) -> BertCheckpoint {
        try BertCheckpoint(file: SafeTensorsFile(url: checkpointURL), config: config)
    }

    /// Reads `modules.json`, requiring the pipeline Transformer → Pooling (→ Dense …) (→ Normalize).
    private static func readModules(_ modulesURL: URL) throws(CheckpointError) -> [SentenceTransformerModule] {
        let path = modulesURL.path
        let modules = try CheckpointJSONFile.decode(
            [SentenceTransformerModule].self, from: modulesURL, purpose: "a sentence-transformers modules.json"
        ).sorted { $0.idx < $1.idx }
        var kinds: [SentenceTransformerModule.Kind] = []
        for module in modules {
            guard let kind = module.kind else {
                throw .unknownModuleType(
                    path: path, type: module.type, supported: SentenceTransformerModule.Kind.allCases.map(\.legacyType))
            }
            kinds.append(kind)
        }
        let tail = kinds.dropFirst(2).drop { $0 == .dense }
        guard kinds.starts(with: [.transformer, .pooling]), tail.isEmpty || Array(tail) == [.normalize] else {
            let found = kinds.isEmpty ? "no modules" : kinds.map { "\($0)" }.joined(separator: ", ")
            throw .invalidConfig(
                path: path, field: "type",
                detail: "pipeline is \(found), expected transformer, pooling, any dense modules and optionally normalize, in that order")
        }
        return modules
    }

    /// `model_max_length` from the tokenizer configuration at `url`, or nil if the file or field is absent.
    ///
    /// Very large values (transformers writes 10³⁰ for "no limit") come back as `Int.max`.
    private static func tokenizerMaxLength(_ url: URL) throws(CheckpointError) -> Int? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try CheckpointJSONFile.read(url, purpose: "a tokenizer_config.json")
        let document = try CheckpointJSONFile.decode(CheckpointJSON.self, from: data, path: url.path)
        guard case .object(let fields) = document else {
            throw .malformedJSON(path: url.path, detail: "top level is \(document.kindDescription), expected an object")
        }
        switch fields["model_max_length"] {
        case nil, .null?:
            return nil
        case .int(let length)? where length > 0:
            return length
        case .double(let length)? where length >= Double(Int.max):
            return Int.max
        case let other?:
            throw .invalidConfig(
                path: url.path, field: "model_max_length", detail: "is \(other.kindDescription), expected a positive integer")
        }
    }

    /// The folder of `module`; `""` is the model folder itself.
    private static func folder(of module: SentenceTransformerModule, in url: URL) -> URL {
        module.path.isEmpty ? url : url.appendingPathComponent(module.path, isDirectory: true)
    }
}
