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

    /// The projection as a sentence-transformers `Dense` module folder (see `EmbedDistillLoss.saveParameters`).
    public func saveParameters(to folder: URL) throws {
        try EmbedDistillLoss(distanceMetric: .mse, projection: projection, name: name).saveParameters(to: folder)
    }

    public init(projection: Projection? = nil) {
        self.projection = projection
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        EmbedDistillLoss(distanceMetric: .mse, projection: projection, name: name)(columns, labels: labels)
    }
}
