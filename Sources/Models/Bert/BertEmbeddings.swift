import Tensors

/// Word + position + token-type embeddings, then LayerNorm and dropout (`embeddings.*`).
public struct BertEmbeddings {
    public var wordEmbeddings: Tensor      // [V, H]   embeddings.word_embeddings.weight
    public var positionEmbeddings: Tensor  // [P, H]   embeddings.position_embeddings.weight
    public var tokenTypeEmbeddings: Tensor // [Ty, H]  embeddings.token_type_embeddings.weight
    public var layerNorm: LayerNorm        //          embeddings.LayerNorm
    let positionOffset: Int

    public init(_ scope: WeightScope, config: BertConfig) throws(CheckpointError) {
        let h = config.hiddenSize
        wordEmbeddings = try scope.weight("word_embeddings.weight", shape: [config.vocabSize, h])
        positionEmbeddings = try scope.weight("position_embeddings.weight", shape: [config.maxPositionEmbeddings, h])
        tokenTypeEmbeddings = try scope.weight("token_type_embeddings.weight", shape: [config.typeVocabSize, h])
        layerNorm = try LayerNorm(scope.scoped("LayerNorm"), size: h, eps: Float(config.layerNormEps))
        positionOffset = config.positionIdOffset
    }

    /// Embeds a batch → [B·T, H].
    func callAsFunction(_ input: TokenBatch, dropout: DropoutPlan) throws(TensorError) -> Tensor {
        let t = input.sequenceLength
        // positions 0..<T for every row (shifted by padding_idx + 1 for RoBERTa-style models)
        let positions = (0..<input.batchSize * t).map { Int32($0 % t + positionOffset) }
        let words = try Tensor.gather(wordEmbeddings, ids: input.inputIds, what: "input id")            // [B·T, H]
        let pos = try Tensor.gather(positionEmbeddings, ids: positions, what: "position")               // [B·T, H]
        let types = try Tensor.gather(tokenTypeEmbeddings, ids: input.tokenTypeIds, what: "token type") // [B·T, H]
        return dropout.apply(layerNorm(words + pos + types), site: 0)                                  // [B·T, H]
    }

    var namedParameters: [(String, Tensor)] {
        [("word_embeddings.weight", wordEmbeddings), ("position_embeddings.weight", positionEmbeddings),
         ("token_type_embeddings.weight", tokenTypeEmbeddings)]
            + layerNorm.namedParameters.map { ("LayerNorm.\($0.0)", $0.1) }
    }
}
