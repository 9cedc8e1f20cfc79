import Crypto
import Foundation
import Tensors

/// A narrower student: a model folder with a bias-free `Dense` module initialised by PCA inserted after pooling
/// (before `Normalize`), as sentence-transformers' dimensionality-reduction example
/// (`examples/…/distillation/dimensionality_reduction.py`) builds it.
///
/// ```swift
/// let pca = try PrincipalComponents(fitting: teacherEmbeddings, count: 256)      // [N, 768] → [256, 768]
/// try WidthReduction.write(student: URL(fileURLWithPath: "models/students/all-mpnet-base-v2-L3.7.11"),
///                          components: pca, texts: teacherEmbeddings.shape[0], to: URL(fileURLWithPath: "students/mpnet-L3-pca256"))
/// ```
/// The example appends the `Dense` after every module (for a normalising model the output is then no longer unit
/// length); we insert it before `Normalize`, so a normalising teacher gives a normalising student and cosine and dot
/// scores stay equal. The folder is an ordinary sentence-transformers folder (`Dense.load` reads the module).
public enum WidthReduction {
    /// Copies `student` to `output` with a `Dense` module [d, D] = `pca.components` after pooling (and its existing
    /// `Dense` modules), and `STUDENT.json` recording the PCA.
    ///
    /// - Throws: `StudentError.widthMismatch` when the student's width is not the components' input width;
    ///   `CheckpointError` from the student folder.
    public static func write(student: URL, components pca: PrincipalComponents, texts: Int, to output: URL) throws {
        let folder = try SentenceTransformerFolder(url: student)
        let (d, width) = (pca.components.shape[0], pca.components.shape[1])
        guard folder.dimension == width else {
            throw StudentError.widthMismatch(student: student.path, studentDimension: folder.dimension, teacherDimension: width)
        }
        guard folder.isSentenceTransformer else {
            throw CheckpointError.missingFile(path: student.appendingPathComponent("modules.json").path,
                                              purpose: "the module list a Dense module is added to")
        }
        let fm = FileManager.default
        try AtomicFolder.write(output, operation: "write the width-reduced student") { staging in
            try fm.removeItem(at: staging)
            try fm.copyItem(at: student.resolvingSymlinksInPath(), to: staging)
            for module in folder.modules where module.kind == .normalize && !module.path.isEmpty {
                try? fm.removeItem(at: staging.appendingPathComponent(module.path))
            }
            var modules: [[String: Any]] = []
            for module in folder.modules where module.kind != .normalize {
                modules.append(["idx": modules.count, "name": module.name, "path": module.path, "type": module.type])
            }
            let idx = modules.count
            try DenseModuleFolder.write(weight: pca.components, bias: nil, to: staging.appendingPathComponent("\(idx)_Dense"))
            modules.append(["idx": idx, "name": "\(idx)", "path": "\(idx)_Dense", "type": "sentence_transformers.models.Dense"])
            if folder.normalize {
                let i = modules.count
                try fm.createDirectory(at: staging.appendingPathComponent("\(i)_Normalize"), withIntermediateDirectories: true)
                modules.append(["idx": i, "name": "\(i)", "path": "\(i)_Normalize", "type": "sentence_transformers.models.Normalize"])
            }
            try JSONSerialization.data(withJSONObject: modules, options: [.prettyPrinted, .sortedKeys])
                .write(to: staging.appendingPathComponent("modules.json"))
            let provenanceURL = staging.appendingPathComponent("STUDENT.json")
            var provenance = (fm.contents(atPath: provenanceURL.path)
                .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }) ?? ["recipe": "model as given", "model": student.path]
            provenance["pca"] = ["components": d, "input_width": width, "texts": texts,
                                 "explained_variance_ratio": pca.explainedVarianceRatio.reduce(0, +),
                                 "fitted_on": "teacher embeddings of the distillation texts"] as [String: Any]
            try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys]).write(to: provenanceURL)
            try? fm.removeItem(at: staging.appendingPathComponent("SHA256SUMS"))
        }
    }

    /// A short stable name of the components (sha256 of their bytes, 8 hex digits), so a folder per PCA is kept.
    public static func tag(_ pca: PrincipalComponents) -> String {
        let bytes = pca.components.scalars.withUnsafeBytes { Data($0) }
        return SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
    }
}
