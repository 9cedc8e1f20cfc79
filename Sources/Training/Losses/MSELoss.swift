import Foundation
import Models
import Tensors

/// Embedding distillation: the mean squared error between the student's embeddings (optionally projected) and the teacher's.
///
/// As sentence-transformers' `MSELoss` (in 6.2 `EmbedDistillLoss(distance_metric: "mse")`): each
/// column holds student embeddings [B, Ds], and the precomputed teacher embeddings come as the
/// `labels`, either [B, Dt] (one target for every column — a sentence and its translations all aim
/// at the teacher's embedding of the sentence) or [B, C, Dt] (one target per column). The teacher
/// embeddings are detached. With the optional `projection` the student is mapped to Dt first:
///
///     L = mean_c mean_{i,k} (P(student_c)_{ik} − teacher_c,ik)²
///
/// (torch's `MSELoss`: the mean over all B · Dt elements, then over the columns.)
public struct MSELoss: Loss {
    /// A learnable map Ds → Dt when the teacher is wider or narrower than the student.
    public var projection: Projection?

    public var name: String { "MSELoss" }
    /// One or more student columns and a teacher vector column of the projection's output width (the model's
    /// width without a projection).
    public var signature: LossSignature { LossSignature(textColumns: 1...Int.max, label: .vector(width: projection?.outputDimension)) }
    /// The projection's `weight` and `bias` (`projection.weight`, `projection.bias`), trained with the student.
    public var namedParameters: [(String, Tensor)] {
        projection?.namedParameters.map { ("projection.\($0.0)", $0.1) } ?? []
    }

    /// The projection as a sentence-transformers `Dense` module folder (`Dense.load(folder)` reads it); it maps
    /// the student to the teacher's width only to compute this loss, so it is not part of the student model.
    public func saveParameters(to folder: URL) throws {
        guard let projection else { return }
        try DenseModuleFolder.write(weight: projection.weight, bias: projection.bias, to: folder)
    }

    public init(projection: Projection? = nil) {
        self.projection = projection
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        let batch = LossInput.columns(columns, of: name)
        let teachers = LossInput.teacher(labels, batch: batch, columns: columns.count, of: name) // C × [B, Dt]
        var total: Tensor?
        for (c, (student, teacher)) in zip(columns, teachers).enumerated() {
            let predicted = projection.map { projection in
                precondition(student.shape[1] == projection.inputDimension,
                             "MSELoss: column \(c) is \(student.shape) but the projection takes \(projection.inputDimension) features")
                return projection(student)                                        // [B, Dt]
            } ?? student                                                          // [B, Dt]
            precondition(predicted.shape == teacher.shape,
                         "MSELoss: column \(c) gives \(predicted.shape) against teacher embeddings \(teacher.shape)" +
                         (projection == nil ? " (a Projection maps the student's width to the teacher's)" : ""))
            let error = predicted - teacher                                       // [B, Dt]
            let term = (error * error).mean()                                     // []
            total = total.map { $0 + term } ?? term
        }
        return total! * (1 / Float(columns.count))                                // []
    }
}
