import Foundation
import Models

/// How a student model is made from a teacher, as an experiment's config names it.
///
/// - `L<k>` keeps k of the teacher's layers, the ones sentence-transformers' layer-reduction example keeps
///   (`LayerReduction.defaultLayers`): `L6`, `L3`;
/// - `L<i>.<j>…` keeps exactly those layers (0-based, ascending): `L0.4.8`;
/// - `model:<folder>` takes an existing smaller model as it is (its width may differ from the teacher's: the
///   objective then learns a projection).
///
/// ```swift
/// let folder = try StudentRecipe("L6").build(from: "models/multilingual-e5-small")   // models/students/multilingual-e5-small-L6
/// ```
public enum StudentRecipe: Equatable, Sendable {
    case layerCount(Int)
    case layers([Int])
    case model(String)

    /// Parses a recipe; throws `ExperimentError.invalidStudent` naming what is expected.
    public init(_ text: String) throws {
        if text.hasPrefix("model:") {
            let path = String(text.dropFirst("model:".count))
            guard !path.isEmpty else { throw ExperimentError.invalidStudent(text, reason: "name a model folder after model:") }
            self = .model(path)
            return
        }
        guard text.hasPrefix("L"), text.count > 1 else {
            throw ExperimentError.invalidStudent(text, reason: "expected L<k> (keep k layers), L<i>.<j>… (keep those) or model:<folder>")
        }
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.allSatisfy({ $0 != nil }) else {
            throw ExperimentError.invalidStudent(text, reason: "layer numbers must be whole numbers, as L6 or L0.4.8")
        }
        let numbers = parts.compactMap { $0 }
        self = text.contains(".") ? .layers(numbers) : .layerCount(numbers[0])
    }

    /// The student's folder: for a layer recipe, written once under `root` (`models/students/<teacher>-<recipe>`,
    /// rebuilt only when missing) from the teacher's layers; for `model:`, that folder.
    ///
    /// - Throws: `ExperimentError.invalidStudent` for a layer count out of range; `CheckpointError` from the teacher.
    public func build(from teacher: String, root: URL = URL(fileURLWithPath: "models/students")) throws -> String {
        let layers: [Int]
        switch self {
        case .model(let path): return path
        case .layers(let list): layers = list
        case .layerCount(let k):
            let depth = try SentenceTransformerFolder(url: URL(fileURLWithPath: teacher)).config.numHiddenLayers
            guard (1...depth).contains(k) else {
                throw ExperimentError.invalidStudent("L\(k)", reason: "a student keeps 1…\(depth) of the teacher's \(depth) layers")
            }
            layers = LayerReduction.defaultLayers(keeping: k, of: depth)
        }
        let name = URL(fileURLWithPath: teacher).lastPathComponent + "-L" + layers.map(String.init).joined(separator: ".")
        let folder = root.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("STUDENT.json").path) {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try LayerReduction.write(teacher: URL(fileURLWithPath: teacher), keeping: layers, to: folder)
        }
        return folder.path
    }
}
