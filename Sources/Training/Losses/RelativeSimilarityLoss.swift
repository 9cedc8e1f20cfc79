import Tensors

/// Distillation of the batch's geometry: the student's pairwise cosine similarities should equal the teacher's.
///
/// No sentence-transformers class; the reference is plain PyTorch (`Fixtures/make_loss_fixtures.py`).
/// Each column holds student embeddings [B, Ds]; the teacher embeddings come as the `labels`, [B, Dt]
/// for every column or [B, C, Dt] one per column, as for `MSELoss`, and are detached. The widths need
/// not agree, so no projection is needed. With S = cos(s_i, s_j) and T = cos(t_i, t_j), both [B, B]:
///
///     L = mean_c (1/B²) Σ_{i,j} (T_ij − S_ij)²
///
/// the mean over the whole B × B matrix (the diagonal, 1 − 1 = 0, is counted in the B²).
public struct RelativeSimilarityLoss: Loss {
    public var name: String { "RelativeSimilarityLoss" }
    public var signature: LossSignature { LossSignature(textColumns: 1...Int.max, label: .vectorOfAnyWidth) }

    public init() {}

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        let batch = LossInput.columns(columns, of: name)
        let teachers = LossInput.teacher(labels, batch: batch, columns: columns.count, of: name) // C × [B, Dt]
        var total: Tensor?
        for (student, teacher) in zip(columns, teachers) {
            let target = Tensor.cosineSimilarityMatrix(teacher, teacher)          // [B, B]
            let similarity = Tensor.cosineSimilarityMatrix(student, student)      // [B, B]
            let error = target - similarity                                       // [B, B]
            let term = (error * error).mean()                                     // []
            total = total.map { $0 + term } ?? term
        }
        return total! * (1 / Float(columns.count))                                // []
    }
}
