import Foundation

/// Finds the built-in data sets under `datasets/` (internal).
enum DatasetLocation {
    /// `root/relative` (root: the current directory by default), or `DatasetError.notInstalled` saying to run the
    /// set-up when the file is missing.
    static func file(_ relative: String, root: URL?) throws -> URL {
        let base = root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let url = base.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DatasetError.notInstalled(path: relative, directory: base.path)
        }
        return url
    }
}
