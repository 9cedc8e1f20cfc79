import Foundation

/// A BERT WordPiece tokenizer that gives the ids HuggingFace `tokenizers` gives.
///
/// The pipeline is HuggingFace's: added tokens (`[CLS]`, `[MASK]`, …) are cut out of the raw text,
/// the rest is normalized and split into words (`BasicTokenizer`), each word into pieces
/// (`WordPiece`), and the template adds `[CLS]` … `[SEP]`. Truncation keeps the first pieces, as
/// sentence-transformers does.
///
/// ```swift
/// let tokenizer = try BertTokenizer(folder: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// tokenizer.encode("A man is playing a guitar.", maxLength: 256)
/// // [101, 1037, 2158, 2003, 2652, 1037, 2858, 1012, 102]
/// let batch = tokenizer.encodeBatch(["Hello!", "A longer sentence."], maxLength: 256)   // [2, 6]
/// ```
public struct BertTokenizer: TextTokenizer {
    /// Normalizer and word splitter.
    public let basicTokenizer: BasicTokenizer
    /// Word → pieces.
    public let wordPiece: WordPiece
    /// Tokens matched before normalization (special tokens and additions).
    public let addedTokens: [AddedToken]
    /// Special tokens around each sequence.
    public let template: SequenceTemplate
    /// The id that pads a batch (`[PAD]`).
    public let padId: Int32
    /// The longest sequence the model takes (`max_seq_length` of `sentence_bert_config.json`), if known.
    public var maxSequenceLength: Int?
    /// Lowercase texts before tokenizing (sentence-transformers' `do_lower_case`).
    public var lowercasesInput: Bool

    /// Token → id.
    public let vocabulary: [String: Int32]
    /// Id → token (vocabulary and added tokens).
    private let tokensById: [Int32: String]
    private let rawAddedTokens: AddedTokenMatcher<UInt32>
    private let normalizedAddedTokens: AddedTokenMatcher<UInt32>

    /// A tokenizer from its parts.
    ///
    /// - Parameters:
    ///   - template: special tokens around a sequence; `nil` means `[cls] … [sep]` looked up in `vocabulary`.
    ///   - addedTokens: `nil` means the vocabulary's special tokens (unknown, cls, sep, pad, `[MASK]`), unnormalized.
    ///   - file: only names the source in error messages.
    /// - Throws: `TokenizerError.missingToken` when the unknown, cls, sep or pad token is not in the vocabulary.
    public init(
        vocabulary: [String: Int32], basicTokenizer: BasicTokenizer = BasicTokenizer(),
        unknownToken: String = "[UNK]", continuingSubwordPrefix: String = "##", maxInputCharsPerWord: Int = 100,
        template: SequenceTemplate? = nil, clsToken: String = "[CLS]", sepToken: String = "[SEP]",
        padToken: String = "[PAD]", padId: Int32? = nil, maskToken: String = "[MASK]",
        addedTokens: [AddedToken]? = nil, file: URL? = nil
    ) throws(TokenizerError) {
        guard !vocabulary.isEmpty else { throw .invalidVocabulary(file, detail: "it is empty") }
        self.vocabulary = vocabulary
        self.basicTokenizer = basicTokenizer
        wordPiece = try WordPiece(vocabulary: vocabulary, unknownToken: unknownToken,
                                  continuingSubwordPrefix: continuingSubwordPrefix,
                                  maxInputCharsPerWord: maxInputCharsPerWord, file: file)
        if let template {
            self.template = template
        } else {
            guard let cls = vocabulary[clsToken] else { throw .missingToken(file, token: clsToken, role: "classifier") }
            guard let sep = vocabulary[sepToken] else { throw .missingToken(file, token: sepToken, role: "separator") }
            self.template = .bert(cls: cls, sep: sep)
        }
        if let padId {
            self.padId = padId
        } else {
            guard let pad = vocabulary[padToken] else { throw .missingToken(file, token: padToken, role: "padding") }
            self.padId = pad
        }
        let added = addedTokens ?? [unknownToken, sepToken, padToken, clsToken, maskToken].compactMap { token in
            vocabulary[token].map { AddedToken(id: $0, content: token) }
        }
        self.addedTokens = added
        maxSequenceLength = nil
        lowercasesInput = false

        var byId = [Int32: String](minimumCapacity: vocabulary.count)
        for (token, id) in vocabulary { byId[id] = token }
        for token in added { byId[token.id] = token.content }
        tokensById = byId
        rawAddedTokens = AddedTokenMatcher(added.filter { !$0.normalized })
        normalizedAddedTokens = AddedTokenMatcher(added.filter(\.normalized)) {
            UInt32.units(of: basicTokenizer.normalize($0))
        }
    }

    /// The number of vocabulary entries.
    public var vocabularySize: Int { vocabulary.count }

    /// The id of a token, if it is in the vocabulary or an added token.
    public func id(for token: String) -> Int32? {
        vocabulary[token] ?? addedTokens.first { $0.content == token }?.id
    }

    /// The token of an id, if any.
    public func token(for id: Int32) -> String? { tokensById[id] }

    // MARK: - Encoding

    /// The ids of `text` with the template's special tokens, at most `maxLength` of them
    /// (`.max` for no truncation). Truncation drops the last pieces, never the special tokens.
    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        var scratch = Scratch()
        return encode(text, maxLength: maxLength, scratch: &scratch)
    }

    /// The WordPiece tokens of `text`, without special tokens (for inspection).
    public func tokenize(_ text: String) -> [String] {
        let ids = encode(text, maxLength: .max)
        return ids[template.prefix.count..<ids.count - template.suffix.count].map { tokensById[$0] ?? "" }
    }

    /// The ids of each of `texts` in turn, reusing one set of buffers.
    public func encodeSequentially(_ texts: ArraySlice<String>, maxLength: Int) -> [[Int32]] {
        var scratch = Scratch()
        return texts.map { encode($0, maxLength: maxLength, scratch: &scratch) }
    }

    /// Buffers reused from one text to the next.
    private struct Scratch {
        var raw: [UInt32] = []
        var normalized: [UInt32] = []
        var words = WordBuffer()
    }

    private func encode(_ text: String, maxLength: Int, scratch: inout Scratch) -> [Int32] {
        let text = lowercasesInput ? text.lowercased() : text
        var ids: [Int32] = []
        ids.reserveCapacity(min(maxLength, text.utf8.count / 3 + 8))
        ids.append(contentsOf: template.prefix)
        // Content ends at `limit`; a maxLength shorter than the template keeps just the template.
        let limit = max(template.prefix.count, maxLength == .max ? .max : maxLength - template.suffix.count)

        scratch.raw.removeAll(keepingCapacity: true)
        for s in text.unicodeScalars { scratch.raw.append(s.value) }
        let raw = scratch.raw
        raw.withUnsafeBufferPointer { raw in
            rawAddedTokens.append(raw, limit: limit, to: &ids) { range, ids in
                appendPieces(of: UnsafeBufferPointer(rebasing: raw[range]), limit: limit, ids: &ids,
                             normalized: &scratch.normalized, words: &scratch.words)
            }
        }
        if ids.count > limit { ids.removeSubrange(limit...) }
        ids.append(contentsOf: template.suffix)
        return ids
    }

    /// Normalizes a raw segment (no added tokens in it) and appends its pieces until `limit` ids.
    private func appendPieces(of raw: UnsafeBufferPointer<UInt32>, limit: Int, ids: inout [Int32],
                              normalized: inout [UInt32], words: inout WordBuffer) {
        guard ids.count < limit else { return }
        normalized.removeAll(keepingCapacity: true)
        basicTokenizer.normalize(raw, into: &normalized)
        let text = normalized
        text.withUnsafeBufferPointer { text in
            normalizedAddedTokens.append(text, limit: limit, to: &ids) { range, ids in
                appendWordPieces(of: UnsafeBufferPointer(rebasing: text[range]), limit: limit, ids: &ids, words: &words)
            }
        }
    }

    /// Splits normalized scalars into words and appends their WordPiece ids until `limit` ids.
    private func appendWordPieces(of text: UnsafeBufferPointer<UInt32>, limit: Int, ids: inout [Int32],
                                  words: inout WordBuffer) {
        words.removeAll()
        basicTokenizer.preTokenize(text, into: &words)
        let starts = words.starts, ends = words.ends, counts = words.scalarCounts
        words.bytes.withUnsafeBufferPointer { bytes in
            for w in 0..<starts.count {
                if ids.count >= limit { return }
                wordPiece.append(word: UnsafeBufferPointer(rebasing: bytes[starts[w]..<ends[w]]),
                                 scalarCount: counts[w], to: &ids)
            }
        }
    }
}
