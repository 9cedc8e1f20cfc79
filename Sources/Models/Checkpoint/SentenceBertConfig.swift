import Foundation

/// The sentence-transformers `Transformer` module's settings, from `sentence_bert_config.json`.
///
/// Up to sentence-transformers v5 the file holds `max_seq_length` and `do_lower_case`; v6 writes
/// `transformer_task` (and modality settings) instead and keeps the length in the tokenizer's
/// `model_max_length`. Absent fields are nil / false.
public struct SentenceBertConfig: Codable, Equatable, Sendable {
    /// Inputs longer than this many tokens (special tokens included) are truncated; nil when absent.
    public var maxSeqLength: Int?
    /// Whether input text is lower-cased before tokenisation, on top of what the tokenizer does.
    public var doLowerCase: Bool
    /// The v6 task of the transformer; only `feature-extraction` (token embeddings) is supported.
    public var transformerTask: String?

    enum CodingKeys: String, CodingKey {
        case maxSeqLength = "max_seq_length"
        case doLowerCase = "do_lower_case"
        case transformerTask = "transformer_task"
    }

    /// Settings from their fields.
    public init(maxSeqLength: Int? = nil, doLowerCase: Bool = false, transformerTask: String? = nil) {
        self.maxSeqLength = maxSeqLength
        self.doLowerCase = doLowerCase
        self.transformerTask = transformerTask
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxSeqLength = try c.decodeIfPresent(Int.self, forKey: .maxSeqLength)
        doLowerCase = try c.decodeIfPresent(Bool.self, forKey: .doLowerCase) ?? false
        transformerTask = try c.decodeIfPresent(String.self, forKey: .transformerTask)
    }

    /// Reads the `sentence_bert_config.json` at `url`.
    ///
    /// - Throws: ``CheckpointError`` naming the file, e.g. when `max_seq_length` is not a positive
    ///   integer or `transformer_task` is not `feature-extraction`.
    public init(contentsOf url: URL) throws(CheckpointError) {
        self = try CheckpointJSONFile.decode(SentenceBertConfig.self, from: url, purpose: "a sentence_bert_config.json")
        if let maxSeqLength, maxSeqLength <= 0 {
            throw .invalidConfig(
                path: url.path, field: CodingKeys.maxSeqLength.rawValue, detail: "is \(maxSeqLength), expected a positive integer")
        }
        if let transformerTask, transformerTask != "feature-extraction" {
            throw .invalidConfig(
                path: url.path, field: CodingKeys.transformerTask.rawValue,
                detail: "'\(transformerTask)' is not supported (expected 'feature-extraction')")
        }
    }
}
