import Tensors

/// Word + position + token-type embeddings, then LayerNorm and dropout (`embeddings.*`).
///
/// MPNet has no token-type table: its ``tokenTypeEmbeddings`` is nil and token types are ignored.
public struct BertEmbeddings {
    public var wordEmbeddings: Tensor      // [V, H]   embeddings.word_embeddings.weight
    public var positionEmbeddings: Tensor  // [P, H]   embeddings.position_embeddings.weight
    public var tokenTypeEmbeddings: Tensor? // [Ty, H] embeddings.token_type_embeddings.weight (nil for MPNet)
    public var layerNorm: LayerNorm        //          embeddings.LayerNorm
    /// 0 for BERT; `padding_idx + 1` for RoBERTa / XLM-R, which number the positions of real tokens from there.
    let positionOffset: Int
    /// The padding id (`pad_token_id`; 1 for MPNet): RoBERTa-style positions skip tokens with this id.
    let padTokenId: Int32

    public init(_ scope: WeightScope, config: BertConfig) throws(CheckpointError) {
        let h = config.hiddenSize
        wordEmbeddings = try scope.weight("word_embeddings.weight", shape: [config.vocabSize, h])
        positionEmbeddings = try scope.weight("position_embeddings.weight", shape: [config.maxPositionEmbeddings, h])
        tokenTypeEmbeddings = config.hasTokenTypeEmbeddings
            ? try scope.weight("token_type_embeddings.weight", shape: [config.typeVocabSize, h]) : nil
        layerNorm = try LayerNorm(scope.scoped("LayerNorm"), size: h, eps: Float(config.layerNormEps))
        positionOffset = config.positionIdOffset
        padTokenId = Int32(config.positionPaddingId)
    }

    /// Position ids of a batch → [B·T]: 0..<T per row for BERT; for RoBERTa / XLM-R, as HF's
    /// `create_position_ids_from_input_ids`, `padding_idx + 1 + (count of non-pad tokens so far)` for each
    /// token that is not padding and `padding_idx` for padding.
    func positionIds(_ input: TokenBatch) -> [Int32] {
        let t = input.sequenceLength
        guard positionOffset > 0 else { return (0..<input.batchSize * t).map { Int32($0 % t) } }
        let paddingIndex = Int32(positionOffset - 1)
        var positions = [Int32](repeating: paddingIndex, count: input.batchSize * t)
        for b in 0..<input.batchSize {
            var seen: Int32 = 0
            for j in 0..<t where input.inputIds[b * t + j] != padTokenId {
                seen += 1
                positions[b * t + j] = paddingIndex + seen
            }
        }
        return positions
    }

    /// Embeds the tokens of a batch that `packing` keeps → [ΣT, H] (all B·T of them for a padded packing).
    func callAsFunction(_ input: TokenBatch, packing: SequencePacking, dropout: DropoutPlan) throws(TensorError) -> Tensor {
        let keep = { (ids: [Int32]) in packing.isPadded ? ids : packing.paddedRows.map { ids[Int($0)] } }
        let words = try Tensor.gather(wordEmbeddings, ids: keep(input.inputIds), what: "input id")      // [ΣT, H]
        let pos = try Tensor.gather(positionEmbeddings, ids: keep(positionIds(input)), what: "position") // [ΣT, H]
        var sum = words + pos                                                                          // [ΣT, H]
        if let tokenTypeEmbeddings {
            sum = sum + (try Tensor.gather(tokenTypeEmbeddings, ids: keep(input.tokenTypeIds), what: "token type")) // [ΣT, H]
        }
        return dropout.apply(layerNorm(sum), site: 0)                                                  // [ΣT, H]
    }

    var namedParameters: [(String, Tensor)] {
        [("word_embeddings.weight", wordEmbeddings), ("position_embeddings.weight", positionEmbeddings)]
            + (tokenTypeEmbeddings.map { [("token_type_embeddings.weight", $0)] } ?? [])
            + layerNorm.namedParameters.map { ("LayerNorm.\($0.0)", $0.1) }
    }
}
