import Datasets
import Foundation

/// Queries read from a file: JSON lines with a `text` (and an optional `_id` or `id`), or one query per line.
public struct QueryFile: Sendable {
    public let ids: [String]
    public let texts: [String]

    public init(ids: [String], texts: [String]) {
        self.ids = ids
        self.texts = texts
    }

    /// Reads `url`: a `.jsonl` file of BEIR queries, `{"_id", "text"}` (`RetrievalDataset.readTexts`), else one
    /// query per non-blank line, its id the line number.
    ///
    /// - Throws: `DatasetError` naming the file and line (malformed JSON, no `_id` or `text`, a repeated id,
    ///   invalid UTF-8); `SearchError.badQueries` for an empty query text or a file without queries.
    public static func load(_ url: URL) throws -> QueryFile {
        let rows: [(id: String, text: String, line: Int)]
        if url.pathExtension == "jsonl" {
            rows = try RetrievalDataset.readTexts(url)
        } else {
            rows = try TextLines(url: url).lines.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
                .map { (String($0.offset + 1), $0.element, $0.offset + 1) }
            guard !rows.isEmpty else { throw SearchError.badQueries(path: url.path, line: 0, detail: "the file holds no query") }
        }
        if let empty = rows.first(where: { $0.text.allSatisfy(\.isWhitespace) }) {
            throw SearchError.badQueries(path: url.path, line: empty.line, detail: "the query text is empty")
        }
        return QueryFile(ids: rows.map(\.id), texts: rows.map(\.text))
    }
}
