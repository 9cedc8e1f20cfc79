import Foundation

/// The real models and data sets that `scripts/setup.sh` puts under the repository root, for tests that need them.
///
/// One policy: a test that needs such an asset asks for it here and fails with ``MissingAssetError`` (naming
/// the path and the set-up command) when it is absent; it is never skipped, since `scripts/test.sh` always
/// runs the set-up first.
///
/// ```swift
/// let model = try RealAssets.model("all-MiniLM-L6-v2")                          // models/all-MiniLM-L6-v2
/// let legal = try RealAssets.dataset("legal-zh", files: ["corpus.jsonl"])      // datasets/legal-zh
/// ```
public enum RealAssets {
    /// The files every model folder the set-up makes has.
    public static let modelFiles = ["config.json", "model.safetensors", "tokenizer.json"]

    /// `models/<name>` under `root`, checked to hold `files`; `step` names the set-up script that makes it.
    ///
    /// - Throws: ``MissingAssetError`` when the folder or one of `files` is missing.
    public static func model(
        _ name: String, files: [String] = modelFiles, step: String? = nil, root: URL = Repository.root
    ) throws -> URL {
        do {
            return try require("models/\(name)", files: files, root: root)
        } catch let error as MissingAssetError {
            throw MissingAssetError(asset: error.asset, folder: error.folder, missingFiles: error.missingFiles, setUpStep: step)
        }
    }

    /// `datasets/<name>` under `root`, checked to hold `files` (paths inside the data set's folder).
    ///
    /// - Throws: ``MissingAssetError`` when the folder or one of `files` is missing.
    public static func dataset(_ name: String, files: [String], root: URL = Repository.root) throws -> URL {
        try require("datasets/\(name)", files: files, root: root)
    }

    /// The folder `asset` (relative to `root`), checked to exist and to hold `files`.
    ///
    /// - Throws: ``MissingAssetError`` naming the missing folder or files and the set-up command.
    public static func require(_ asset: String, files: [String], root: URL = Repository.root) throws -> URL {
        let folder = root.appendingPathComponent(asset)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw MissingAssetError(asset: asset, folder: folder, missingFiles: [])
        }
        let missing = files.filter { !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        guard missing.isEmpty else { throw MissingAssetError(asset: asset, folder: folder, missingFiles: missing) }
        return folder
    }
}
