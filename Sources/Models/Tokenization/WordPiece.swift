import Foundation

/// WordPiece: greedy longest-match-first splitting of one word into vocabulary pieces.
///
/// The first piece is looked up as is, every later piece with the continuation prefix (`##`).
/// A word with more than `maxInputCharsPerWord` scalars, or with any part that matches nothing,
/// becomes a single unknown token, exactly as HuggingFace's `WordPiece` model does.
///
/// ```swift
/// let wp = try WordPiece(vocabulary: ["un": 0, "##aff": 1, "##able": 2, "[UNK]": 3])
/// wp.tokenize("unaffable")   // [0, 1, 2]
/// ```
public struct WordPiece: Sendable {
    /// The token for words that cannot be split (`[UNK]`).
    public let unknownToken: String
    /// The id of `unknownToken`.
    public let unknownId: Int32
    /// The prefix marking a piece that continues a word (`##`).
    public let continuingSubwordPrefix: String
    /// Longer words (in Unicode scalars) become `unknownToken` whole.
    public let maxInputCharsPerWord: Int

    /// Every vocabulary entry, keyed by its bytes.
    let wordStarts: VocabularyTable
    /// The entries that begin with the prefix, keyed by their bytes after it.
    let continuations: VocabularyTable

    /// A WordPiece model over `vocabulary` (token → id).
    ///
    /// - Throws: `TokenizerError.missingToken` when `unknownToken` is not in the vocabulary
    ///   (`file` only names the source in the message).
    public init(
        vocabulary: [String: Int32], unknownToken: String = "[UNK]", continuingSubwordPrefix: String = "##",
        maxInputCharsPerWord: Int = 100, file: URL? = nil
    ) throws(TokenizerError) {
        guard let unk = vocabulary[unknownToken] else {
            throw .missingToken(file, token: unknownToken, role: "unknown")
        }
        self.unknownToken = unknownToken
        self.unknownId = unk
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharsPerWord = maxInputCharsPerWord
        let entries = vocabulary.sorted { $0.value < $1.value }.map { (key: Array($0.key.utf8), id: $0.value) }
        wordStarts = VocabularyTable(entries)
        let prefix = Array(continuingSubwordPrefix.utf8)
        continuations = VocabularyTable(entries.compactMap { e in
            e.key.starts(with: prefix) ? (key: Array(e.key[prefix.count...]), id: e.id) : nil
        })
    }

    /// The ids of one word (already normalized and pre-tokenized).
    public func tokenize(_ word: String) -> [Int32] {
        var ids: [Int32] = []
        let bytes = Array(word.utf8)
        let scalars = word.unicodeScalars.count
        bytes.withUnsafeBufferPointer { append(word: $0, scalarCount: scalars, to: &ids) }
        return ids
    }

    /// Appends the ids of the word whose UTF-8 bytes are `word` to `ids`.
    @inline(__always)
    func append(word: UnsafeBufferPointer<UInt8>, scalarCount: Int, to ids: inout [Int32]) {
        guard scalarCount <= maxInputCharsPerWord, let base = word.baseAddress else {
            if scalarCount > 0 { ids.append(unknownId) }
            return
        }
        let n = word.count
        let firstId = ids.count
        var start = 0
        while start < n {
            let table = start == 0 ? wordStarts : continuations
            var end = min(n, start + table.maxKeyLength)
            while end < n && end > start && word[end] & 0xC0 == 0x80 { end -= 1 }  // back to a scalar boundary
            var found: Int32 = -1
            while end > start {
                found = table.id(base + start, length: end - start)
                if found >= 0 { break }
                end -= 1
                while end > start && word[end] & 0xC0 == 0x80 { end -= 1 }
            }
            if found < 0 {
                ids.removeSubrange(firstId...)
                ids.append(unknownId)
                return
            }
            ids.append(found)
            start = end
        }
    }
}
