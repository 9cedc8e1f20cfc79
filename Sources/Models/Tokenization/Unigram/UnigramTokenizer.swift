import Foundation

/// A SentencePiece Unigram tokenizer (XLM-R, multilingual-e5) that gives the ids HuggingFace `tokenizers` gives.
///
/// The pipeline is HuggingFace's, on UTF-8 bytes: added tokens (`<s>`, `<mask>`, …) are cut out of the
/// raw text; each piece between them is normalized (e.g. SentencePiece's precompiled `nmt_nfkc` map,
/// then runs of spaces collapsed), split into words by the pre-tokenizer (`Metaspace`: spaces become
/// `▁`, a `▁` is put in front, words start at each `▁`), and each word is cut into the pieces of best
/// total score (``UnigramModel``); the template adds `<s> … </s>`. Truncation keeps the first pieces.
///
/// ```swift
/// let tokenizer = try UnigramTokenizer(folder: URL(fileURLWithPath: "models/multilingual-e5-small"))
/// tokenizer.tokenize("query: 盗窃罪")                // ["▁que", "ry", ":", "▁", "盗", "窃", "罪"]
/// tokenizer.encode("query: 盗窃罪", maxLength: 512)  // [0, 41, 1294, 12, 6, 71077, 174566, 19431, 2]
/// ```
public struct UnigramTokenizer: TextTokenizer {
    /// Tokens matched before the model (special tokens and additions).
    public let addedTokens: [AddedToken]
    /// Special tokens around each sequence.
    public let template: SequenceTemplate
    /// The id that pads a batch (`<pad>`).
    public let padId: Int32
    /// The longest sequence the model takes (`max_seq_length` of `sentence_bert_config.json`), if known.
    public var maxSequenceLength: Int?
    /// Lowercase texts before tokenizing (sentence-transformers' `do_lower_case`).
    public var lowercasesInput: Bool

    /// Added tokens, normalizer, pre-tokenizer and model: everything between the text and its ids.
    let pipeline: UnigramPipeline
    private let addedIdsByContent: [String: Int32]
    private let addedContentsById: [Int32: String]

    /// A tokenizer from its parts.
    init(pipeline: UnigramPipeline, template: SequenceTemplate, padId: Int32) {
        self.pipeline = pipeline
        self.template = template
        self.padId = padId
        addedTokens = pipeline.addedTokens
        maxSequenceLength = nil
        lowercasesInput = false
        var byContent: [String: Int32] = [:], byId: [Int32: String] = [:]
        for token in addedTokens {
            byContent[token.content] = token.id
            byId[token.id] = token.content
        }
        addedIdsByContent = byContent
        addedContentsById = byId
    }

    /// The number of pieces of the model (added tokens that are not pieces are not counted).
    public var vocabularySize: Int { pipeline.model.pieces.count }

    /// The id of a token, if it is an added token or a piece.
    public func id(for token: String) -> Int32? {
        addedIdsByContent[token] ?? pipeline.model.id(of: token)
    }

    /// The token of an id, if any.
    public func token(for id: Int32) -> String? {
        if let content = addedContentsById[id] { return content }
        return id >= 0 && Int(id) < pipeline.model.pieces.count ? pipeline.model.pieces[Int(id)] : nil
    }

    // MARK: - Encoding

    /// The ids of `text` with the template's special tokens, at most `maxLength` of them
    /// (`.max` for no truncation). Truncation drops the last pieces, never the special tokens.
    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        var scratch = UnigramPipeline.Scratch()
        return encode(text, maxLength: maxLength, scratch: &scratch)
    }

    /// The pieces of `text`, without special tokens (for inspection).
    public func tokenize(_ text: String) -> [String] {
        let ids = encode(text, maxLength: .max)
        return ids[template.prefix.count..<ids.count - template.suffix.count].map { token(for: $0) ?? "" }
    }

    /// The ids of each of `texts` in turn, reusing one set of buffers.
    public func encodeSequentially(_ texts: ArraySlice<String>, maxLength: Int) -> [[Int32]] {
        var scratch = UnigramPipeline.Scratch()
        return texts.map { encode($0, maxLength: maxLength, scratch: &scratch) }
    }

    private func encode(_ text: String, maxLength: Int, scratch: inout UnigramPipeline.Scratch) -> [Int32] {
        var text = lowercasesInput ? text.lowercased() : text
        var ids: [Int32] = []
        ids.reserveCapacity(min(maxLength, text.utf8.count / 2 + 8))
        ids.append(contentsOf: template.prefix)
        // Content ends at `limit`; a maxLength shorter than the template keeps just the template.
        let limit = max(template.prefix.count, maxLength == .max ? .max : maxLength - template.suffix.count)
        let pipeline = pipeline
        text.withUTF8 { pipeline.append($0, limit: limit, to: &ids, scratch: &scratch) }
        if ids.count > limit { ids.removeSubrange(limit...) }
        ids.append(contentsOf: template.suffix)
        return ids
    }
}
