import Tensors

/// Hadsell et al.'s contrastive loss on cosine distance: pull similar pairs together, push dissimilar ones past a margin.
///
/// As sentence-transformers' `ContrastiveLoss` with its defaults (`SiameseDistanceMetric.COSINE_DISTANCE`,
/// `size_average = True`). Columns: sentence1 [B, D], sentence2 [B, D]; labels [B]: 1 for a similar pair,
/// 0 for a dissimilar one. With d_i = 1 − cos(u_i, v_i):
///
///     L = mean_i ½ [ y_i · d_i² + (1 − y_i) · relu(margin − d_i)² ]
///
/// Labels other than 0 and 1 weight the two terms, as in sentence-transformers.
public struct ContrastiveLoss: Loss {
    /// Dissimilar pairs farther apart than this cosine distance add nothing.
    public var margin: Double

    public var name: String { "ContrastiveLoss" }
    public var signature: LossSignature { LossSignature(textColumns: 2...2, label: .score) }

    public init(margin: Double = 0.5) {
        self.margin = margin
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        let batch = LossInput.columns(columns, of: name, count: 2)
        let similar = LossInput.scores(labels, batch: batch, of: name)           // [B]
        let dissimilar = similar.affine(scale: -1, shift: 1)                      // [B] 1 − y
        let distance = Tensor.pairwiseCosineSimilarity(columns[0], columns[1]).affine(scale: -1, shift: 1) // [B] 1 − cos
        let hinge = distance.affine(scale: -1, shift: Float(margin)).relu()      // [B] relu(margin − d)
        let perPair = similar * distance * distance + dissimilar * hinge * hinge  // [B]
        return perPair.mean() * 0.5                                               // []
    }
}
