import Tensors

extension TokenBatch {
    /// The attention mask as a float tensor [B, T] (1 = token, 0 = padding).
    public var maskTensor: Tensor {
        Tensor(shape: [batchSize, sequenceLength], scalars: attentionMask.map(Float.init))
    }
}
