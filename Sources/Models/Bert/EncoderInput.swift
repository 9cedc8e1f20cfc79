import Tensors

/// A tokenized, padded batch as the encoder reads it: row-major [B, T] ids, token types and mask.
public struct EncoderInput: Sendable {
    public let batchSize: Int
    public let sequenceLength: Int
    /// [B·T] token ids.
    public let inputIds: [Int32]
    /// [B·T] segment ids (0 for single sentences).
    public let tokenTypeIds: [Int32]
    /// [B·T] 1 for tokens, 0 for padding.
    public let attentionMask: [Int32]

    public init(batchSize: Int, sequenceLength: Int, inputIds: [Int32], tokenTypeIds: [Int32], attentionMask: [Int32]) {
        precondition(inputIds.count == batchSize * sequenceLength && tokenTypeIds.count == inputIds.count
                     && attentionMask.count == inputIds.count, "EncoderInput arrays must hold B·T entries")
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.inputIds = inputIds
        self.tokenTypeIds = tokenTypeIds
        self.attentionMask = attentionMask
    }

    /// The mask as a float tensor [B, T].
    public var maskTensor: Tensor {
        Tensor(shape: [batchSize, sequenceLength], scalars: attentionMask.map(Float.init))
    }
}
