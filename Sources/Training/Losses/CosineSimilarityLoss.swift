import Tensors

/// Regression of cos(u, v) onto a similarity score: mean over the batch of (cos(u_i, v_i) − label_i)².
///
/// As sentence-transformers' `CosineSimilarityLoss` with its defaults (`loss_fct = MSELoss()`,
/// `cos_score_transformation = Identity()`). Columns: sentence1 [B, D], sentence2 [B, D];
/// labels: the gold similarity [B], usually in [0, 1].
public struct CosineSimilarityLoss: Loss {
    public var name: String { "CosineSimilarityLoss" }
    public var signature: LossSignature { LossSignature(textColumns: 2...2, label: .score) }

    public init() {}

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        let batch = LossInput.columns(columns, of: name, count: 2)
        let gold = LossInput.scores(labels, batch: batch, of: name)               // [B]
        let cosine = Tensor.pairwiseCosineSimilarity(columns[0], columns[1])      // [B]
        let error = cosine - gold                                                 // [B]
        return (error * error).mean()                                             // []
    }
}
