import Foundation
import Models

/// A candidate model named on the command line: a model folder, a run folder (its saved `model/`), or an
/// OpenAI-compatible endpoint `openai:<base-url>#<model-name>`. A local spec may end in `@<N>`: the model with its
/// inputs capped at N tokens (`models/multilingual-e5-small@128`, a 512-token model scored and timed as a 128-token
/// student is), which its cache fingerprint and every evaluation then see.
public enum ModelSpec {
    /// Loads the candidate `spec` names.
    ///
    /// - Throws: `ExperimentError.invalidModel` naming the spec and what is wrong with it.
    public static func load(_ spec: String) throws -> any TextEmbedder {
        if spec.hasPrefix("openai:") {
            do { return try OpenAIEmbedder(spec: spec, options: .fromEnvironment()) } catch { throw ExperimentError.invalidModel(spec: spec, reason: "\(error)") }
        }
        let (path, cap) = try tokenLimit(in: spec)
        var url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent("manifest.json").path) {
            url = url.appendingPathComponent("model")
            guard fm.fileExists(atPath: url.path) else {
                throw ExperimentError.invalidModel(spec: spec, reason: "it is a run folder without a saved model/ (an evaluation-only run, or one that did not finish)")
            }
        }
        let model: SentenceTransformer
        do { model = try SentenceTransformer(folder: url) } catch {
            throw ExperimentError.invalidModel(spec: spec, reason: "\(error)")
        }
        if let cap { model.maxSeqLength = min(model.maxSeqLength, cap) }
        return model
    }

    /// A local spec's path and its `@<N>` token limit, if it has one (a folder whose own name ends in `@…` is a path).
    ///
    /// - Throws: `ExperimentError.invalidModel` for an `@` suffix that is not a positive whole number.
    private static func tokenLimit(in spec: String) throws -> (path: String, limit: Int?) {
        guard let at = spec.lastIndex(of: "@"), !FileManager.default.fileExists(atPath: spec) else { return (spec, nil) }
        let suffix = spec[spec.index(after: at)...]
        guard let n = Int(suffix), n > 0 else {
            throw ExperimentError.invalidModel(spec: spec, reason: "expected a folder, or a folder and a token limit as PATH@128, not @\(suffix)")
        }
        return (String(spec[..<at]), n)
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
