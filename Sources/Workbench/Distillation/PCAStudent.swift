import Datasets
import Foundation
import Models
import Tensors

/// A width-reduced student for a distillation: a PCA of the teacher's embeddings (a vector column of the training
/// data) initialises a `Dense` module on the student (``WidthReduction``), and the teacher's targets are projected
/// the same way, so the student learns the teacher's leading components.
///
/// ```swift
/// let narrow = try PCAStudent.build(student: folder, width: 256, data: data)   // data has the column "teacher" [N, 768]
/// // narrow.folder: models/students/<student>-pca256-<tag>; narrow.data gains "teacher-pca256" [N, 256]
/// ```
public enum PCAStudent {
    /// The student folder with the PCA `Dense` module (written once under `root` per set of components), the data
    /// with the projected targets (re-normalised when the student normalises), and that column's name.
    ///
    /// - Throws: `DatasetError.invalidArguments` when `data` has no column `column`; `StudentError.pcaWidth` for a
    ///   width above the number of texts or the teacher's width; `StudentError.widthMismatch` for a student that is
    ///   not as wide as the teacher.
    public static func build(student: String, width: Int, data: PairDataset, column: String = "teacher",
                             root: URL = URL(fileURLWithPath: "models/students")) throws -> (folder: String, data: PairDataset, column: String) {
        guard let teacher = data.vectorColumn(column) else {
            throw DatasetError.invalidArguments("no vector column \"\(column)\" to fit the PCA on")
        }
        let vectors = Tensor(shape: [teacher.count, teacher.width], scalars: teacher.values)   // [N, Dt]
        let pca = try PrincipalComponents(fitting: vectors, count: width)                         // components [d, Dt]
        let source = URL(fileURLWithPath: student)
        let folder = root.appendingPathComponent("\(source.lastPathComponent)-pca\(width)-\(WidthReduction.tag(pca))")
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("STUDENT.json").path) {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try WidthReduction.write(student: source, components: pca, texts: teacher.count, to: folder)
        }
        var targets = pca.project(vectors)                                                      // [N, d]
        if try SentenceTransformerFolder(url: folder).normalize { targets = targets.l2Normalized() }
        let name = "\(column)-pca\(width)"
        return (folder.path, try data.adding(VectorColumn(name: name, width: width, values: targets.scalars)), name)
    }
}
