import Foundation
import Models

/// A candidate model named on the command line: a model folder, a run folder (its saved `model/`), or an
/// OpenAI-compatible endpoint `openai:<base-url>#<model-name>`.
public enum ModelSpec {
    /// Loads the candidate `spec` names.
    ///
    /// - Throws: `ExperimentError.invalidModel` naming the spec and what is wrong with it.
    public static func load(_ spec: String) throws -> any TextEmbedder {
        if spec.hasPrefix("openai:") {
            do { return try OpenAIEmbedder(spec: spec, options: .fromEnvironment()) } catch { throw ExperimentError.invalidModel(spec: spec, reason: "\(error)") }
        }
        var url = URL(fileURLWithPath: spec)
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent("manifest.json").path) {
            url = url.appendingPathComponent("model")
            guard fm.fileExists(atPath: url.path) else {
                throw ExperimentError.invalidModel(spec: spec, reason: "it is a run folder without a saved model/ (an evaluation-only run, or one that did not finish)")
            }
        }
        do { return try SentenceTransformer(folder: url) } catch {
            throw ExperimentError.invalidModel(spec: spec, reason: "\(error)")
        }
    }

    /// The width of `spec`'s vectors (encoding one short text when the model does not say, as an API).
    public static func dimension(of spec: String) throws -> Int {
        let model = try load(spec)
        if let d = model.knownDimension { return d }
        return try model.embed(["width probe"], prompt: nil).shape[1]                  // [1, D]
    }

    /// The files whose sha256 a run's manifest records for `model` (none for an API model).
    public static func files(of model: any TextEmbedder) -> [URL] {
        (model as? SentenceTransformer).map { [$0.folder.checkpointURL] + $0.folder.dense.map(\.weightsURL) } ?? []
    }
}
