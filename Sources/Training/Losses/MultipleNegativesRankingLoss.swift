import Tensors

/// InfoNCE with in-batch negatives: each anchor must pick its own positive out of every candidate in the batch.
///
/// Columns: anchor [B, D], positive [B, D], then any number of hard-negative columns [B, D]. The
/// candidates are the positives and negatives of every row, stacked ([B·(1+K), D] for K negative
/// columns); the logits are their cosine similarities with each anchor divided by the temperature τ,
/// and the loss is the cross-entropy with row i's own positive as the target, averaged over rows:
///
///     L = mean_i [ −s_ii/τ + log Σ_j exp(s_ij/τ) ],   s_ij = cos(anchor_i, candidate_j)
///
/// `scale = 1/τ`: sentence-transformers' `MultipleNegativesRankingLoss(scale: 20)` (its default) is
/// τ = 0.05, the default here.
///
/// `symmetric: true` adds the positive → anchor direction: each positive must also pick its own anchor
/// among the anchors of the batch (hard negatives take no part in it), and the loss is the mean of the
/// two cross-entropies. This matches sentence-transformers 6.2's `MultipleNegativesSymmetricRankingLoss`,
/// which is `MultipleNegativesRankingLoss(directions: ("query_to_doc", "doc_to_query"),
/// partition_mode: "per_direction")` — one softmax per direction, their log-partitions averaged.
/// (ST's other options — query_to_query / doc_to_doc directions, a joint softmax, hardness weighting —
/// are not offered.) Labels are ignored.
///
/// `gatherAcrossDevices: true` (sentence-transformers' `gather_across_devices`) matters only in a data-parallel run:
/// each rank's anchors pick their positives among the candidates of every rank's shard (and, symmetric, each
/// positive its anchor among every rank's anchors), so the negatives span the global batch, and gradients flow back
/// to the rank that encoded each candidate. The ranks' losses then average to the loss of the global batch in one
/// process. Without it (the default, as sentence-transformers'), each rank's negatives are its own shard's.
public struct MultipleNegativesRankingLoss: Loss {
    /// The softmax temperature τ (`scale = 1/τ`).
    public var temperature: Double
    /// Whether to add the positive → anchor direction.
    public var symmetric: Bool
    /// In a data-parallel run, whether negatives span every rank's shard (see above).
    public var gatherAcrossDevices: Bool

    /// sentence-transformers' `scale`, 1/τ.
    public var scale: Double { 1 / temperature }

    public var name: String { "MultipleNegativesRankingLoss" }
    public var signature: LossSignature { LossSignature(textColumns: 2...Int.max, label: .none) }

    public init(temperature: Double = 0.05, symmetric: Bool = false, gatherAcrossDevices: Bool = false) {
        precondition(temperature > 0, "MultipleNegativesRankingLoss: the temperature must be positive, got \(temperature)")
        self.temperature = temperature
        self.symmetric = symmetric
        self.gatherAcrossDevices = gatherAcrossDevices
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        self(columns, labels: labels, devices: nil)
    }

    /// The loss of this rank's rows; with `gatherAcrossDevices`, against the candidates of the whole global batch.
    public func callAsFunction(_ columns: [Tensor], labels: Tensor?, devices: CrossDeviceBatch?) -> Tensor {
        LossInput.columns(columns, of: name, minimum: 2)
        let across = gatherAcrossDevices ? devices : nil
        let gathered: (Tensor) -> Tensor = { across?.gatherRows($0) ?? $0 }         // [b, D] → [B, D]
        let offset = across?.offset ?? 0
        let anchors = columns[0]                                                  // [b, D]
        let candidates = Tensor.concat(columns[1...].map(gathered), axis: 0)      // [B·(1+K), D]
        let scale = Float(self.scale)
        let logits = Tensor.cosineSimilarityMatrix(anchors, candidates) * scale  // [b, B·(1+K)]
        let anchorToCandidate = Self.crossEntropyOnDiagonal(logits, offset: offset) // []
        guard symmetric else { return anchorToCandidate }
        let reverse = Tensor.cosineSimilarityMatrix(columns[1], gathered(anchors)) * scale // [b, B] positive_i · every anchor
        let positiveToAnchor = Self.crossEntropyOnDiagonal(reverse, offset: offset) // []
        return (anchorToCandidate + positiveToAnchor) * 0.5                       // []
    }

    /// Mean over rows of the cross-entropy of logits [B, N] (N ≥ offset + B) with row i's target at column
    /// offset + i (the offset of this rank's rows in a gathered batch; 0 in one process).
    static func crossEntropyOnDiagonal(_ logits: Tensor, offset: Int = 0) -> Tensor {
        let (rows, cols) = (logits.shape[0], logits.shape[1])
        var target = [Float](repeating: 0, count: rows * cols)
        for i in 0..<rows { target[i * cols + offset + i] = 1 }
        let oneHot = Tensor(shape: [rows, cols], scalars: target)                 // [B, N]
        let logProbabilities = logits.logSoftmax()                                // [B, N]
        return -(logProbabilities * oneHot).sum() * (1 / Float(rows))             // []
    }
}
