import Foundation

/// Why a data set could not be loaded: each case names the file and, where there is one, the 1-based line.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A built-in data set (`PairDataset.stsb`, `.legalZh`, …) is not installed: `path` is what was looked for.
    case notInstalled(path: String, directory: String)
    /// The file does not exist or cannot be read.
    case unreadableFile(URL, reason: String)
    /// The extension does not say which format the file is in.
    case unknownFormat(URL)
    /// A line is not valid UTF-8.
    case invalidUTF8(URL, line: Int)
    /// A JSONL line is not a JSON object, or a CSV/TSV record cannot be split into fields.
    case malformedLine(URL, line: Int, detail: String)
    /// A column the caller needs is absent (`found` lists the columns there are, on that line or in the header).
    case missingColumn(URL, line: Int, column: String, found: [String])
    /// A value has the wrong type: a text column that is not a string, a label that is not a number.
    case invalidValue(URL, line: Int, column: String, detail: String)
    /// A label lies outside the range the caller declared.
    case labelOutOfRange(URL, line: Int, column: String, value: Double, range: ClosedRange<Double>)
    /// The file has no rows (`line` is the last line read: the header, or 0 for an empty file).
    case emptyDataset(URL, line: Int)
    /// A query or document id is listed twice, or a qrels row names an id the queries or corpus lack.
    case inconsistentIDs(URL, line: Int, detail: String)
    /// Arrays given to an in-memory data set do not fit together.
    case invalidArguments(String)

    /// One line: "<path>, line <n>: <what is wrong>".
    public var description: String {
        switch self {
        case .notInstalled(let path, let directory):
            return "\(path) not found (looked in \(directory)); run `bash scripts/setup.sh` from the repository root to build the data sets"
        case .unreadableFile(let url, let reason):
            return "\(url.path): cannot be read: \(reason)"
        case .unknownFormat(let url):
            return "\(url.path): unknown data set format \"\(url.pathExtension)\"; use .jsonl, .csv or .tsv, or pass format:"
        case .invalidUTF8(let url, let line):
            return "\(Self.at(url, line)): not valid UTF-8"
        case .malformedLine(let url, let line, let detail):
            return "\(Self.at(url, line)): \(detail)"
        case .missingColumn(let url, let line, let column, let found):
            let list = found.isEmpty ? "none" : found.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(Self.at(url, line)): missing column \"\(column)\"; the columns found are: \(list)"
        case .invalidValue(let url, let line, let column, let detail):
            return "\(Self.at(url, line)): column \"\(column)\": \(detail)"
        case .labelOutOfRange(let url, let line, let column, let value, let range):
            return "\(Self.at(url, line)): \(column) \(value) is outside the declared range \(range.lowerBound)...\(range.upperBound)"
        case .emptyDataset(let url, let line):
            return "\(Self.at(url, line)): empty data set, no rows"
        case .inconsistentIDs(let url, let line, let detail):
            return "\(Self.at(url, line)): \(detail)"
        case .invalidArguments(let detail):
            return "invalid data set: \(detail)"
        }
    }

    static func at(_ url: URL, _ line: Int) -> String { "\(url.path), line \(line)" }
}
