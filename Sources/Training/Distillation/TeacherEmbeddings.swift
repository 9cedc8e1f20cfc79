import Datasets
import Evaluation
import Foundation
import Models
import Tensors

/// A teacher's embeddings of a data set's texts, computed once per text through the embedding cache and added
/// as the vector column distillation losses read (`MSELoss`, `EmbedDistillLoss`, `RelativeSimilarityLoss`,
/// `SimilarityKLDivLoss`).
///
/// ```swift
/// let texts = try PairDataset.distillationTexts(.stsb)                    // one column `sentence`
/// let data = try TeacherEmbeddings.adding(to: texts, teacher: teacher, store: EmbeddingStore.fromEnvironment())
/// let term = TrainingPlan.Term(data, EmbedDistillLoss(distanceMetric: .mse), vectorColumn: "teacher")
/// ```
/// Texts repeated in the data are encoded once, and with a store a second run (another epoch, another cell of a
/// sweep, another student) reads every vector from disk. The teacher sees each text with its document prompt
/// (E5's "passage: ") unless `prompt` says otherwise.
public enum TeacherEmbeddings {
    /// `dataset` with the vector column `name` holding the teacher's embedding of `column`'s text in each row.
    ///
    /// - Throws: `DatasetError.invalidArguments` for an unknown column; the teacher's or the store's errors.
    public static func adding(to dataset: PairDataset, column: String? = nil, teacher: any TextEmbedder, store: EmbeddingStore?,
                              prompt: String?? = nil, name: String = "teacher") throws -> PairDataset {
        let source = column ?? dataset.columns[0]
        guard let c = dataset.columns.firstIndex(of: source) else {
            throw DatasetError.invalidArguments("no column \"\(source)\" to embed with the teacher; the columns are \(dataset.columns)")
        }
        let texts = dataset.texts[c]
        var first: [String: Int] = [:], unique: [String] = []
        for t in texts where first[t] == nil {
            first[t] = unique.count
            unique.append(t)
        }
        let encode = store?.encoder(for: teacher) ?? { texts, prompt in try teacher.embed(texts, prompt: prompt) }
        let vectors = try encode(unique, prompt ?? teacher.rolePrompts.document)          // [U, Dt]
        let width = vectors.shape[1]
        var values = [Float]()
        values.reserveCapacity(texts.count * width)
        let data = vectors.scalars
        for t in texts {
            let row = first[t]!
            values.append(contentsOf: data[row * width ..< (row + 1) * width])
        }
        return try dataset.adding(VectorColumn(name: name, width: width, values: values))  // [N, Dt]
    }
}
