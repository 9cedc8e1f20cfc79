import Foundation
import Models
import Tensors

/// Embedding distillation by a distance between the student's embeddings (optionally projected) and the teacher's.
///
/// As sentence-transformers 6.2's `EmbedDistillLoss`: each column holds student embeddings [B, Ds], the
/// precomputed teacher embeddings come as the `labels`, [B, Dt] for every column or [B, C, Dt] one per
/// column, and are detached. With the optional `projection` the student is mapped to Dt first. Per column,
///
///     mse:    mean_{i,k} (s_ik − t_ik)²            (`MSELoss` is this metric)
///     l2:     mean_i ‖s_i − t_i‖₂                   (the EmbedDistill paper's)
///     cosine: mean_i (1 − cos(s_i, t_i))            (sentence-transformers' default)
///
/// and the loss is the mean over the columns.
public struct EmbedDistillLoss: Loss {
    /// How student and teacher embeddings are compared.
    public enum DistanceMetric: String, CaseIterable, Sendable {
        case mse, l2, cosine
    }

    public var distanceMetric: DistanceMetric
    /// A learnable map Ds → Dt when the teacher is wider or narrower than the student.
    public var projection: Projection?
    /// The name errors and run logs use (`MSELoss` when it stands for that loss).
    let lossName: String

    public var name: String { lossName }
    /// One or more student columns and a teacher vector column of the projection's output width (the model's
    /// width without a projection).
    public var signature: LossSignature { LossSignature(textColumns: 1...Int.max, label: .vector(width: projection?.outputDimension)) }
    /// The projection's `weight` and `bias` (`projection.weight`, `projection.bias`), trained with the student.
    public var namedParameters: [(String, Tensor)] {
        projection?.namedParameters.map { ("projection.\($0.0)", $0.1) } ?? []
    }

    public init(distanceMetric: DistanceMetric = .cosine, projection: Projection? = nil) {
        self.init(distanceMetric: distanceMetric, projection: projection, name: "EmbedDistillLoss")
    }

    init(distanceMetric: DistanceMetric, projection: Projection?, name: String) {
        self.distanceMetric = distanceMetric
        self.projection = projection
        lossName = name
    }

    /// The projection as a sentence-transformers `Dense` module folder (`Dense.load(folder)` reads it); it maps
    /// the student to the teacher's width only to compute this loss, so it is not part of the student model.
    public func saveParameters(to folder: URL) throws {
        guard let projection else { return }
        try DenseModuleFolder.write(weight: projection.weight, bias: projection.bias, to: folder)
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        let batch = LossInput.columns(columns, of: name)
        let teachers = LossInput.teacher(labels, batch: batch, columns: columns.count, of: name) // C × [B, Dt]
        var total: Tensor?
        for (c, (student, teacher)) in zip(columns, teachers).enumerated() {
            let predicted = projection.map { projection in
                precondition(student.shape[1] == projection.inputDimension,
                             "\(name): column \(c) is \(student.shape) but the projection takes \(projection.inputDimension) features")
                return projection(student)                                        // [B, Dt]
            } ?? student                                                          // [B, Dt]
            precondition(predicted.shape == teacher.shape,
                         "\(name): column \(c) gives \(predicted.shape) against teacher embeddings \(teacher.shape)" +
                         (projection == nil ? " (a Projection maps the student's width to the teacher's)" : ""))
            let term: Tensor                                                      // []
            switch distanceMetric {
            case .mse:
                let error = predicted - teacher                                   // [B, Dt]
                term = (error * error).mean()
            case .l2:
                let error = predicted - teacher                                   // [B, Dt]
                term = (error * error).sum(axis: 1).sqrt().mean()                 // mean of [B]
            case .cosine:
                let cosine = Tensor.pairwiseCosineSimilarity(predicted, teacher)  // [B]
                term = cosine.affine(scale: -1, shift: 1).mean()
            }
            total = total.map { $0 + term } ?? term
        }
        return total! * (1 / Float(columns.count))                                // []
    }
}
