import Foundation

/// Why an index could not be built, opened or searched: each case names the file, line or option at fault.
public enum SearchError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The corpus has a problem at a line (duplicate id, empty text, malformed row).
    case badCorpus(path: String, line: Int, detail: String)
    /// A queries file has a problem at a line.
    case badQueries(path: String, line: Int, detail: String)
    /// The file is not an index (wrong magic, unreadable manifest).
    case notAnIndex(path: String, detail: String)
    /// The file is shorter than its manifest says.
    case truncated(path: String, size: Int, expected: Int)
    /// The stored SHA-256 does not match the bytes.
    case checksumMismatch(path: String, stored: String, computed: String)
    /// A search option that cannot be honoured.
    case invalidPlan(String)
    /// The index was built by another model than the one asked to search it.
    case modelMismatch(index: String, indexModel: String, indexFingerprint: String, model: String, modelFingerprint: String)
    /// Vectors of the wrong width or count.
    case shape(String)
    /// Reading or writing a file failed.
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case .badCorpus(let path, let line, let detail): "\(path):\(line): \(detail)"
        case .badQueries(let path, let line, let detail): "\(path):\(line): \(detail)"
        case .notAnIndex(let path, let detail): "\(path): not a workbench index (\(detail))"
        case .truncated(let path, let size, let expected):
            "\(path): the index is truncated: \(size) bytes, its manifest describes \(expected); build it again"
        case .checksumMismatch(let path, let stored, let computed):
            "\(path): checksum mismatch: the file stores sha256 \(stored) but its bytes hash to \(computed); the index is corrupt, build it again"
        case .invalidPlan(let detail): detail
        case .modelMismatch(let index, let indexModel, let indexFingerprint, let model, let modelFingerprint):
            "\(index) was built by \(indexModel) (fingerprint \(indexFingerprint)), not by \(model) (fingerprint \(modelFingerprint)): "
                + "its vectors cannot be compared with that model's queries; search with --model \(indexModel) or build an index with \(model)"
        case .shape(let detail): detail
        case .io(let path, let detail): "\(path): \(detail)"
        }
    }
}
