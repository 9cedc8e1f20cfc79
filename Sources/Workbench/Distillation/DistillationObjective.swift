import Foundation
import Models
import Training

/// The distillation loss an experiment's config names: `mse`, `cosine`, `l2` (`EmbedDistillLoss`, through a
/// learnt projection when student and teacher widths differ), `relative` (`RelativeSimilarityLoss`) or `kl`
/// (`SimilarityKLDivLoss` at `temperature`).
public enum DistillationObjective {
    /// The names `loss(_:…)` knows.
    public static let names = ["mse", "cosine", "l2", "relative", "kl"]

    /// The loss `name` for a student of width `student` and a teacher of width `teacher`; a projection, when
    /// needed, is drawn from `seed`.
    ///
    /// - Throws: `ExperimentError.invalidObjective` for another name.
    public static func loss(_ name: String, student: Int, teacher: Int, temperature: Double = 0.05, seed: UInt64 = 42) throws -> any Loss {
        let projection = student == teacher ? nil : Projection(studentDimension: student, teacherDimension: teacher, seed: seed)
        switch name {
        case "mse": return MSELoss(projection: projection)
        case "cosine": return EmbedDistillLoss(distanceMetric: .cosine, projection: projection)
        case "l2": return EmbedDistillLoss(distanceMetric: .l2, projection: projection)
        case "relative": return RelativeSimilarityLoss()
        case "kl":
            guard temperature > 0 else { throw ExperimentError.invalidObjective(name, reason: "the temperature must be positive, got \(temperature)") }
            return SimilarityKLDivLoss(temperature: temperature)
        default: throw ExperimentError.invalidObjective(name, reason: "expected one of \(names.joined(separator: ", "))")
        }
    }
}
