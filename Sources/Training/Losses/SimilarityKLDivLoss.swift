import Foundation
import Tensors

/// Distillation of in-batch similarity distributions: KL(teacher ‖ student) between, for each text, the softmax
/// over the batch's other texts of cosine similarity / τ.
///
/// No sentence-transformers class (its `DistillKLDivLoss` distils a cross-encoder's scores of given
/// candidates); the reference is plain PyTorch (`Fixtures/make_loss_fixtures.py`). Columns and teacher labels are
/// as for `EmbedDistillLoss` ([B, Dt] or [B, C, Dt], detached); widths need not agree. Per column, with
/// T = cos(t_i, t_j)/τ and S = cos(s_i, s_j)/τ over j ≠ i, p = softmax(T), log q = log_softmax(S) row-wise:
///
///     L = τ² · (1/B) Σ_i Σ_{j≠i} p_ij (log p_ij − log q_ij)
///
/// (torch's `kl_div(…, reduction="batchmean")` times τ², Hinton et al.'s scaling that keeps gradients of a similar
/// size across temperatures); the loss is the mean over the columns. A text is left out of its own row: with it,
/// a low τ gives nearly all the mass to the diagonal in both models and nothing is learnt.
public struct SimilarityKLDivLoss: Loss {
    /// The softmax temperature τ of both distributions.
    public var temperature: Double

    public var name: String { "SimilarityKLDivLoss" }
    public var signature: LossSignature { LossSignature(textColumns: 1...Int.max, label: .vectorOfAnyWidth) }

    public init(temperature: Double = 0.05) {
        precondition(temperature > 0, "SimilarityKLDivLoss: the temperature must be positive, got \(temperature)")
        self.temperature = temperature
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        let batch = LossInput.columns(columns, of: name)
        precondition(batch >= 2, "SimilarityKLDivLoss: a batch needs two texts or more (each row is over the others), got \(batch)")
        let teachers = LossInput.teacher(labels, batch: batch, columns: columns.count, of: name) // C × [B, Dt]
        let tau = Float(temperature)
        let offDiagonal = Tensor(shape: [batch, batch], scalars: (0..<batch * batch).map { $0 / batch == $0 % batch ? 0 : 1 }) // [B, B]
        var total: Tensor?
        for (student, teacher) in zip(columns, teachers) {
            let p = GradMode.withoutGradients { (Tensor.cosineSimilarityMatrix(teacher, teacher) * (1 / tau)).softmax(mask: offDiagonal) } // [B, B]
            let logQ = (Tensor.cosineSimilarityMatrix(student, student) * (1 / tau)).logSoftmax(mask: offDiagonal)               // [B, B]
            // log p of the teacher, a constant; left-out entries have p = 0 and add nothing (0 rather than log 0)
            let logP = Tensor(shape: p.shape, scalars: p.scalars.map { $0 > 0 ? Foundation.log($0) : 0 })         // [B, B]
            let term = (p * (logP - logQ)).sum() * (tau * tau / Float(batch))     // [], element-wise first: no cancellation of two large sums
            total = total.map { $0 + term } ?? term
        }
        return total! * (1 / Float(columns.count))                                // []
    }
}
