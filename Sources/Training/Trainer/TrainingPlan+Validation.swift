import Datasets
import Foundation
import Models

extension TrainingPlan {
    /// Checks the plan before anything runs: the model folder loads, every term's dataset has the columns its
    /// loss declares (text count, a score, a vector column of the expected width), options are in range, and an
    /// evaluation-only plan has evaluators. Returns the model folder read.
    ///
    /// - Throws: `CheckpointError` naming the model folder's file at fault, or `TrainerError`.
    @discardableResult
    public func validate() throws -> SentenceTransformerFolder {
        let folder = try SentenceTransformerFolder(url: URL(fileURLWithPath: model))
        if isEvaluationOnly {
            guard !evaluators.isEmpty || !testEvaluators.isEmpty else { throw TrainerError.nothingToEvaluate }
            return folder
        }
        guard !terms.isEmpty else { throw TrainerError.invalidOption(name: "objective", value: "no terms", expected: "at least one term") }
        for (name, value) in [("batchSize", batchSize), ("epochs", epochs), ("gradientAccumulation", gradientAccumulation)] where value < 1 {
            throw TrainerError.invalidOption(name: name, value: "\(value)", expected: "≥ 1")
        }
        if let maxSteps, maxSteps < 0 { throw TrainerError.invalidOption(name: "maxSteps", value: "\(maxSteps)", expected: "≥ 0") }
        for t in terms {
            guard t.weight >= 0, t.weight.isFinite else {
                throw TrainerError.invalidOption(name: "weight of term '\(t.name)'", value: "\(t.weight)", expected: "a finite value ≥ 0")
            }
            guard t.term.dataset.count > 0 else { throw TrainerError.emptyDataset(t.term.dataset.name) }
            try Self.check(t, modelWidth: folder.dimension)
        }
        return folder
    }

    /// Whether `t`'s dataset can feed its loss, for a model of `modelWidth`-wide embeddings.
    static func check(_ t: Objective.Weighted, modelWidth: Int) throws {
        let (dataset, loss) = (t.term.dataset, t.term.loss)
        let signature = loss.signature
        func mismatch(_ detail: String) -> TrainerError {
            .columnMismatch(term: t.name, loss: loss.name, dataset: dataset.name, detail: detail)
        }
        guard signature.textColumns.contains(dataset.columns.count) else {
            throw mismatch("it takes \(signature.textColumnsDescription) text columns, the dataset has \(dataset.columns.count) (\(dataset.columns.joined(separator: ", ")))")
        }
        switch signature.label {
        case .none:
            break
        case .score:
            guard dataset.labels != nil else { throw mismatch("it needs a score column (one number per row), the dataset has none") }
        case .vector, .vectorOfAnyWidth:
            let vector: VectorColumn
            if let name = t.term.vectorColumn {
                guard let v = dataset.vectorColumn(name) else {
                    throw mismatch("it needs the vector column \"\(name)\"; the dataset's vector columns: \(Self.list(dataset.vectorColumns.map(\.name)))")
                }
                vector = v
            } else {
                guard dataset.vectorColumns.count == 1 else {
                    throw dataset.vectorColumns.isEmpty
                        ? mismatch("it needs a vector column (teacher embeddings, [B, D]), the dataset has none")
                        : mismatch("the dataset has several vector columns (\(Self.list(dataset.vectorColumns.map(\.name)))); name one in Term(vectorColumn:)")
                }
                vector = dataset.vectorColumns[0]
            }
            guard case .vector(let width) = signature.label else { break }
            let expected = width ?? modelWidth
            guard vector.width == expected else {
                throw mismatch("the vector column \"\(vector.name)\" is \(vector.width) wide, the loss expects \(expected)"
                    + (width == nil ? " (the model's embedding width; a Projection maps it to the teacher's)" : " (its projection's output width)"))
            }
        }
    }

    private static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
}
