import Foundation

/// A model or data set the set-up provides is not there: the test fails with this, it is never skipped.
///
/// The message names what is missing and the set-up command, e.g. "models/all-MiniLM-L6-v2 is missing
/// (no model.safetensors under /repo/models/all-MiniLM-L6-v2): run `bash scripts/setup.sh` first".
public struct MissingAssetError: Error, CustomStringConvertible, Equatable {
    /// The asset's path relative to the repository root (`models/all-MiniLM-L6-v2`).
    public let asset: String
    /// Where it was looked for.
    public let folder: URL
    /// The files of the asset that are missing (empty when the folder itself is).
    public let missingFiles: [String]
    /// The set-up script that makes just this asset (`scripts/fetch-minilm-l3.sh`), when there is one.
    public let setUpStep: String?

    public init(asset: String, folder: URL, missingFiles: [String], setUpStep: String? = nil) {
        self.asset = asset
        self.folder = folder
        self.missingFiles = missingFiles
        self.setUpStep = setUpStep
    }

    public var description: String {
        let what = missingFiles.isEmpty ? "no folder \(folder.path)"
            : "no \(missingFiles.joined(separator: ", ")) under \(folder.path)"
        let step = setUpStep.map { " (or only its step, `bash \($0)`)" } ?? ""
        return "\(asset) is missing (\(what)): run `\(Repository.setUpCommand)`\(step) first"
    }
}
