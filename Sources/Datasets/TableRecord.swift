import Runs

/// One row of a data set file as read, before the caller's columns are picked out (internal).
///
/// JSONL values keep their JSON type; CSV/TSV values are all strings (`.string`).
struct TableRecord {
    /// The 1-based line the row starts on.
    var line: Int
    var values: [String: JSONValue]
}
