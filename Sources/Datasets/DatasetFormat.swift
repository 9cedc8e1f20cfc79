import Foundation

/// The file formats a data set is read from.
///
/// - `jsonl`: one JSON object per line (blank lines skipped); columns are the object's keys.
/// - `csv`: comma-separated with a header row; RFC 4180 quoting (`"a, ""b"""`, fields may span lines).
/// - `tsv`: tab-separated with a header row, no quoting (IANA `text/tab-separated-values`): quotes are text,
///   and a field cannot contain a tab or a line break.
///
/// All are UTF-8 (a leading byte-order mark is skipped; `\r\n` line ends are accepted).
public enum DatasetFormat: String, CaseIterable, Sendable {
    case jsonl
    case csv
    case tsv

    /// The format a file name's extension implies: `.jsonl`/`.ndjson`/`.json`, `.csv`, `.tsv`/`.tab`; nil otherwise.
    public init?(url: URL) {
        switch url.pathExtension.lowercased() {
        case "jsonl", "ndjson", "json": self = .jsonl
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        default: return nil
        }
    }
}
