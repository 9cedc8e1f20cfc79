import Tensors

/// CoSENT: a ranking loss on cosine similarities — every pair with a higher gold score should have the higher similarity.
///
/// As sentence-transformers' `CoSENTLoss` (similarity `pairwise_cos_sim`). Columns: sentence1 [B, D],
/// sentence2 [B, D]; labels [B]: gold scores (only their order matters). With s_i = scale · cos(u_i, v_i):
///
///     L = log(1 + Σ_{(i, j): label_i < label_j} exp(s_i − s_j))
///
/// Pairs with equal labels (ties) take no part. The sum is over every ordered pair of rows, so the B × B
/// differences are formed (sentence-transformers sorts and uses `logcumsumexp` to avoid that; the value
/// is the same).
public struct CoSENTLoss: Loss {
    /// The factor on the cosine similarities (sentence-transformers' default 20).
    public var scale: Double

    public var name: String { "CoSENTLoss" }
    public var signature: LossSignature { LossSignature(textColumns: 2...2, label: .score) }

    public init(scale: Double = 20) {
        self.scale = scale
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        let batch = LossInput.columns(columns, of: name, count: 2)
        let gold = LossInput.scores(labels, batch: batch, of: name).scalars      // B scores
        let s = Tensor.pairwiseCosineSimilarity(columns[0], columns[1]) * Float(scale) // [B]
        let differences = s.reshaped([batch, 1]) - s.reshaped([1, batch])         // [B, B] s_i − s_j
        // log(1 + Σ exp(x)) over the kept pairs is −logSoftmax([0, x…])[0]: prepend the 1 as exp(0)
        // and mask out the pairs not ordered by their labels.
        var keep: [Float] = [1]
        for i in 0..<batch {
            for j in 0..<batch { keep.append(gold[i] < gold[j] ? 1 : 0) }
        }
        let logits = Tensor.concat([Tensor(shape: [1], scalars: [0]), differences.reshaped([batch * batch])], axis: 0) // [1 + B²]
        let mask = Tensor(shape: [1 + batch * batch], scalars: keep)             // [1 + B²]
        let logProbabilities = logits.logSoftmax(mask: mask)                      // [1 + B²]
        return -logProbabilities.slice(axis: 0, 0..<1).reshaped([])               // []
    }
}
