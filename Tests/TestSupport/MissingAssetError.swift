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

    public init(asset: String, folder: URL, missingFiles: [String]) {
        self.asset = asset
        self.folder = folder
        self.missingFiles = missingFiles
    }

    public var description: String {
        let what = missingFiles.isEmpty ? "no folder \(folder.path)"
            : "no \(missingFiles.joined(separator: ", ")) under \(folder.path)"
        return "\(asset) is missing (\(what)): run `\(Repository.setUpCommand)` first"
    }
}
