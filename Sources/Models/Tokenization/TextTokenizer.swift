import Tensors

/// A tokenizer that turns texts into model ids: what `SentenceTransformer`, training and the benches use.
///
/// `BertTokenizer` (WordPiece) and `UnigramTokenizer` (SentencePiece / XLM-R) conform; ``AutoTokenizer``
/// loads the one a model folder needs.
///
/// ```swift
/// let tokenizer = try AutoTokenizer.load(folder: URL(fileURLWithPath: "models/multilingual-e5-small"))
/// let ids = tokenizer.encode("query: 盗窃罪的量刑标准", maxLength: 512)   // [0, 41, 1294, 12, 6, 71077, …, 2]
/// let batch = tokenizer.batch([ids, tokenizer.encode("passage: …", maxLength: 512)])   // [2, T]
/// let checked = try tokenizer.encode(utf8: data, maxLength: 512)   // TokenizerError.invalidUTF8 on bad bytes
/// ```
public protocol TextTokenizer: Sendable {
    /// Special tokens put around each sequence (`[CLS] … [SEP]`, `<s> … </s>`).
    var template: SequenceTemplate { get }
    /// The id that pads a batch.
    var padId: Int32 { get }
    /// The number of vocabulary entries.
    var vocabularySize: Int { get }
    /// The longest sequence the model takes (`max_seq_length` of `sentence_bert_config.json`), if known.
    var maxSequenceLength: Int? { get }

    /// The ids of `text` with the template's special tokens, at most `maxLength` of them (`.max` for
    /// no truncation). Truncation drops the last tokens, never the special tokens.
    func encode(_ text: String, maxLength: Int) -> [Int32]
    /// The ids of each of `texts` in turn, as ``encode(_:maxLength:)``, reusing one set of buffers.
    func encodeSequentially(_ texts: ArraySlice<String>, maxLength: Int) -> [[Int32]]
    /// The tokens of `text` as strings, without special tokens (for inspection).
    func tokenize(_ text: String) -> [String]
    /// The id of a token, if it is in the vocabulary or an added token.
    func id(for token: String) -> Int32?
    /// The token of an id, if any.
    func token(for id: Int32) -> String?
}

extension TextTokenizer {
    /// The ids of UTF-8 `bytes` (e.g. `[UInt8]`, `Data`), as ``encode(_:maxLength:)``.
    ///
    /// - Throws: `TokenizerError.invalidUTF8` with the offset of the first byte that is not valid UTF-8.
    public func encode<Bytes: Collection>(utf8 bytes: Bytes, maxLength: Int) throws(TokenizerError) -> [Int32]
    where Bytes.Element == UInt8 {
        let array = bytes.withContiguousStorageIfAvailable { Array($0) } ?? Array(bytes)
        let invalid = array.withUnsafeBufferPointer { UTF8Text.firstInvalidByte(in: $0) }
        if let invalid { throw .invalidUTF8(byteOffset: invalid) }
        return encode(String(decoding: array, as: UTF8.self), maxLength: maxLength)
    }

    /// The ids of every one of `texts`, as ``encode(_:maxLength:)``, tokenised on `Parallel.width` threads in
    /// contiguous chunks (each with its own buffers); the order is the order given.
    public func encodeAll(_ texts: [String], maxLength: Int) -> [[Int32]] {
        var rows = [[Int32]](repeating: [], count: texts.count)
        rows.withUnsafeMutableBufferPointer { rows in
            let out = UncheckedSendable(rows)
            Parallel.forRanges(texts.count, grain: 16) { lo, hi in
                for (i, ids) in zip(lo..<hi, encodeSequentially(texts[lo..<hi], maxLength: maxLength)) { out.value[i] = ids }
            }
        }
        return rows
    }

    /// Encodes `texts` (each truncated to `maxLength`, tokenised in parallel) and pads them to the longest with `padId`.
    public func encodeBatch(_ texts: [String], maxLength: Int) -> TokenBatch {
        batch(encodeAll(texts, maxLength: maxLength))
    }

    /// Pads rows made by ``encode(_:maxLength:)`` to the longest with `padId`; token type ids come from
    /// the template, the attention mask is 1 on real tokens. // rows: [B][T_b] → [B, T]
    public func batch(_ rows: [[Int32]]) -> TokenBatch {
        let t = rows.map(\.count).max() ?? 0
        var ids = [Int32](repeating: padId, count: rows.count * t)
        var mask = [Int32](repeating: 0, count: rows.count * t)
        var types = [Int32](repeating: 0, count: rows.count * t)
        let prefix = template.prefix.count, suffix = template.suffix.count
        for (b, row) in rows.enumerated() {
            let base = b * t
            for (j, id) in row.enumerated() { ids[base + j] = id }
            for j in 0..<row.count { mask[base + j] = 1 }
            for j in 0..<min(prefix, row.count) { types[base + j] = template.prefixTypeIds[j] }
            if row.count >= prefix + suffix {
                for j in prefix..<row.count - suffix { types[base + j] = template.sequenceTypeId }
                for j in 0..<suffix { types[base + row.count - suffix + j] = template.suffixTypeIds[j] }
            }
        }
        return TokenBatch(batchSize: rows.count, sequenceLength: t, inputIds: ids, attentionMask: mask,
                          tokenTypeIds: types, lengths: rows.map(\.count))
    }
}
