import Foundation

/// The architecture of a BERT-family encoder, decoded from a HuggingFace `config.json`.
///
/// Property names are the JSON's snake_case keys in camelCase. Fields HuggingFace's `BertConfig`
/// gives defaults to (`hidden_act`, dropouts, `type_vocab_size`, `layer_norm_eps`, `pad_token_id`,
/// `position_embedding_type`) take the same defaults when absent; the sizes must be present.
///
/// `bert` is the native layout. `roberta` and `xlm-roberta` share it (same weight names under a
/// `roberta.` prefix) but number positions from `pad_token_id + 1`; see ``positionIdOffset``.
/// `mpnet` computes the same post-norm blocks under other weight names (``layerNames``), has no
/// token-type embeddings, numbers positions as RoBERTa does, and adds a relative position bias to every
/// layer's attention scores (``relativeAttentionNumBuckets``).
///
/// ```swift
/// let config = try BertConfig(contentsOf: folder.appendingPathComponent("config.json"))
/// config.hiddenSize / config.numAttentionHeads   // head size, 32 for all-MiniLM-L6-v2
/// ```
public struct BertConfig: Codable, Equatable, Sendable {
    /// `model_type`: `bert`, `roberta`, `xlm-roberta` or `mpnet`.
    public var modelType: String
    /// Rows of the word-embedding table.
    public var vocabSize: Int
    /// H, the width of every token vector.
    public var hiddenSize: Int
    /// Number of encoder layers.
    public var numHiddenLayers: Int
    /// Attention heads per layer; divides ``hiddenSize``.
    public var numAttentionHeads: Int
    /// Width of the feed-forward layer.
    public var intermediateSize: Int
    /// Feed-forward activation; only `gelu` (the exact, erf-based GELU) is supported.
    public var hiddenAct: String
    /// Dropout after embeddings, attention output and feed-forward output.
    public var hiddenDropoutProb: Double
    /// Dropout on attention probabilities.
    public var attentionProbsDropoutProb: Double
    /// Rows of the position-embedding table.
    public var maxPositionEmbeddings: Int
    /// Rows of the token-type (segment) embedding table.
    public var typeVocabSize: Int
    /// ε of every layer norm.
    public var layerNormEps: Double
    /// Id of the padding token.
    public var padTokenId: Int
    /// Only `absolute` is supported.
    public var positionEmbeddingType: String
    /// MPNet's `relative_attention_num_buckets`: rows of `encoder.relative_attention_bias.weight`
    /// (default 32; read for every model type, used only by `mpnet`).
    public var relativeAttentionNumBuckets: Int

    /// The `model_type` values this workbench builds.
    public static let supportedModelTypes = ["bert", "roberta", "xlm-roberta", "mpnet"]
    /// The `hidden_act` values this workbench implements.
    public static let supportedActivations = ["gelu"]

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act"
        case hiddenDropoutProb = "hidden_dropout_prob"
        case attentionProbsDropoutProb = "attention_probs_dropout_prob"
        case maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps"
        case padTokenId = "pad_token_id"
        case positionEmbeddingType = "position_embedding_type"
        case relativeAttentionNumBuckets = "relative_attention_num_buckets"
    }

    /// A configuration from its fields; the defaults are HuggingFace's `BertConfig` defaults except the sizes.
    public init(
        modelType: String = "bert", vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int,
        intermediateSize: Int, hiddenAct: String = "gelu", hiddenDropoutProb: Double = 0.1,
        attentionProbsDropoutProb: Double = 0.1, maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2,
        layerNormEps: Double = 1e-12, padTokenId: Int = 0, positionEmbeddingType: String = "absolute",
        relativeAttentionNumBuckets: Int = 32
    ) {
        self.modelType = modelType
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.hiddenAct = hiddenAct
        self.hiddenDropoutProb = hiddenDropoutProb
        self.attentionProbsDropoutProb = attentionProbsDropoutProb
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.padTokenId = padTokenId
        self.positionEmbeddingType = positionEmbeddingType
        self.relativeAttentionNumBuckets = relativeAttentionNumBuckets
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType) ?? "bert"
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        hiddenDropoutProb = try c.decodeIfPresent(Double.self, forKey: .hiddenDropoutProb) ?? 0.1
        attentionProbsDropoutProb = try c.decodeIfPresent(Double.self, forKey: .attentionProbsDropoutProb) ?? 0.1
        maxPositionEmbeddings = try c.decode(Int.self, forKey: .maxPositionEmbeddings)
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? 1e-12
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? 0
        positionEmbeddingType = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute"
        relativeAttentionNumBuckets = try c.decodeIfPresent(Int.self, forKey: .relativeAttentionNumBuckets) ?? 32
    }

    /// Reads and validates the `config.json` at `url`.
    ///
    /// `model_type` is checked before anything else, so a DistilBERT or T5 config is reported as an
    /// unsupported model type rather than as a missing field. A config without `model_type` is taken
    /// as `bert` when its `architectures` name a `Bert…` class, as old checkpoints do.
    ///
    /// - Throws: ``CheckpointError`` naming the file and the field or value at fault.
    public init(contentsOf url: URL) throws(CheckpointError) {
        let data = try CheckpointJSONFile.read(url, purpose: "a HuggingFace config.json")
        let path = url.path
        let document = try CheckpointJSONFile.decode(CheckpointJSON.self, from: data, path: path)
        guard case .object(let fields) = document else {
            throw .malformedJSON(path: path, detail: "top level is \(document.kindDescription), expected an object")
        }
        switch fields[CodingKeys.modelType.rawValue] {
        case .string(let modelType)?:
            guard Self.supportedModelTypes.contains(modelType) else {
                throw .unsupportedModelType(path: path, modelType: modelType, supported: Self.supportedModelTypes)
            }
        case nil, .null?:
            let architectures: [String]
            if case .array(let items)? = fields["architectures"] {
                architectures = items.compactMap { if case .string(let name) = $0 { name } else { nil } }
            } else {
                architectures = []
            }
            guard architectures.contains(where: { $0.hasPrefix("Bert") }) else {
                throw .invalidConfig(
                    path: path, field: "model_type",
                    detail: "missing (expected one of \(Self.supportedModelTypes.joined(separator: ", ")))")
            }
        case let other?:
            throw .invalidConfig(path: path, field: "model_type", detail: "is \(other.kindDescription), expected a string")
        }
        self = try CheckpointJSONFile.decode(BertConfig.self, from: data, path: path)
        try validate(path: path)
    }

    /// How far position ids are shifted: 0 for BERT, ``positionPaddingId`` + 1 for RoBERTa, XLM-R and MPNet,
    /// whose token at index i (counting non-padding tokens from 0) uses position row `i + offset`.
    public var positionIdOffset: Int {
        modelType == "bert" ? 0 : positionPaddingId + 1
    }

    /// The id that position numbering skips: `pad_token_id`, except for MPNet, whose HF `MPNetEmbeddings`
    /// fixes `padding_idx = 1` whatever the config says.
    public var positionPaddingId: Int {
        isMPNet ? 1 : padTokenId
    }

    /// Whether this is MPNet (relative position bias, no token types, ``BertLayerNames/mpnet`` names).
    public var isMPNet: Bool { modelType == "mpnet" }

    /// Whether the embeddings add a token-type (segment) table; MPNet has none.
    public var hasTokenTypeEmbeddings: Bool { !isMPNet }

    /// The checkpoint names of one encoder layer's parts for this model type.
    public var layerNames: BertLayerNames { isMPNet ? .mpnet : .bert }

    /// Width of one attention head, ``hiddenSize`` / ``numAttentionHeads``.
    public var headSize: Int {
        hiddenSize / numAttentionHeads
    }

    /// The longest input the position table allows, ``maxPositionEmbeddings`` − ``positionIdOffset``.
    public var maxSequenceLength: Int {
        maxPositionEmbeddings - positionIdOffset
    }

    /// Checks that the configuration describes an encoder this workbench can build.
    ///
    /// - Parameter path: the file named in errors.
    /// - Throws: ``CheckpointError`` naming `path` and the field at fault.
    public func validate(path: String) throws(CheckpointError) {
        guard Self.supportedModelTypes.contains(modelType) else {
            throw .unsupportedModelType(path: path, modelType: modelType, supported: Self.supportedModelTypes)
        }
        guard Self.supportedActivations.contains(hiddenAct) else {
            throw .unsupportedActivation(path: path, activation: hiddenAct, supported: Self.supportedActivations)
        }
        guard positionEmbeddingType == "absolute" else {
            throw .invalidConfig(
                path: path, field: CodingKeys.positionEmbeddingType.rawValue,
                detail: "'\(positionEmbeddingType)' is not supported (expected 'absolute')")
        }
        let sizes: [(CodingKeys, Int)] = [
            (.vocabSize, vocabSize), (.hiddenSize, hiddenSize), (.numHiddenLayers, numHiddenLayers),
            (.numAttentionHeads, numAttentionHeads), (.intermediateSize, intermediateSize),
            (.maxPositionEmbeddings, maxPositionEmbeddings), (.typeVocabSize, typeVocabSize),
        ]
        for (key, value) in sizes where value <= 0 {
            throw .invalidConfig(path: path, field: key.rawValue, detail: "is \(value), expected a positive integer")
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw .invalidConfig(
                path: path, field: CodingKeys.hiddenSize.rawValue,
                detail: "\(hiddenSize) is not divisible by num_attention_heads \(numAttentionHeads)")
        }
        guard (0 ..< vocabSize).contains(padTokenId) else {
            throw .invalidConfig(
                path: path, field: CodingKeys.padTokenId.rawValue, detail: "\(padTokenId) is outside 0..<\(vocabSize) (vocab_size)")
        }
        guard maxSequenceLength > 0 else {
            throw .invalidConfig(
                path: path, field: CodingKeys.maxPositionEmbeddings.rawValue,
                detail: "\(maxPositionEmbeddings) leaves no positions after the offset \(positionIdOffset) of \(modelType)")
        }
        if isMPNet {
            // HF's `MPNetEncoder.compute_position_bias` always buckets into 32, whatever the table holds
            guard relativeAttentionNumBuckets >= RelativePositionBucket.mpnetBuckets else {
                throw .invalidConfig(
                    path: path, field: CodingKeys.relativeAttentionNumBuckets.rawValue,
                    detail: "is \(relativeAttentionNumBuckets), expected at least \(RelativePositionBucket.mpnetBuckets) (MPNet's attention uses 32 position buckets)")
            }
        }
        guard layerNormEps > 0, layerNormEps.isFinite else {
            throw .invalidConfig(path: path, field: CodingKeys.layerNormEps.rawValue, detail: "\(layerNormEps), expected > 0")
        }
        for (key, value) in [(CodingKeys.hiddenDropoutProb, hiddenDropoutProb), (.attentionProbsDropoutProb, attentionProbsDropoutProb)]
        where !(0 ..< 1).contains(value) {
            throw .invalidConfig(path: path, field: key.rawValue, detail: "\(value), expected a probability in [0, 1)")
        }
    }
}
