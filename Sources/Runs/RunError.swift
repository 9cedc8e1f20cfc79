/// Why a run folder or log could not be written or read; every message names the file or run.
public enum RunError: Error, CustomStringConvertible, Equatable {
    /// No run matches the given id; `suggestions` are near matches.
    case runNotFound(query: String, root: String, suggestions: [String])
    /// More than one run matches an id prefix.
    case ambiguousRun(query: String, matches: [String])
    /// A run folder without a readable manifest.
    case missingManifest(path: String)
    /// A path given as a run that is a folder but not a run folder (no `manifest.json` in it).
    case notARunFolder(path: String)
    /// A manifest that is not valid JSON of the expected form.
    case invalidManifest(path: String, detail: String)
    /// Writing failed (disk full, permissions, …).
    case writeFailed(path: String, reason: String)
    /// Reading failed.
    case readFailed(path: String, reason: String)
    /// zstd refused to compress.
    case compression(String)
    /// The run was already ended.
    case runEnded(path: String)

    public var description: String {
        switch self {
        case .runNotFound(let query, let root, let suggestions):
            "no run '\(query)' under \(root)/" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
        case .ambiguousRun(let query, let matches):
            "'\(query)' matches \(matches.count) runs: \(matches.prefix(5).joined(separator: ", "))\(matches.count > 5 ? ", …" : "")"
        case .missingManifest(let path): "\(path): no manifest.json (not a run folder, or a run that never started)"
        case .notARunFolder(let path):
            "\(path): not a run folder (expected a folder runs/<experiment>/<id>/ with a manifest.json in it)"
        case .invalidManifest(let path, let detail): "\(path): invalid manifest: \(detail)"
        case .writeFailed(let path, let reason): "\(path): write failed: \(reason)"
        case .readFailed(let path, let reason): "\(path): read failed: \(reason)"
        case .compression(let why): "zstd: \(why)"
        case .runEnded(let path): "\(path): the run has already ended"
        }
    }
}
