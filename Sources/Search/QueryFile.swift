import Foundation

/// Queries read from a file: JSON lines with a `text` (and an optional `_id` or `id`), or one query per line.
public struct QueryFile: Sendable {
    public let ids: [String]
    public let texts: [String]

    public init(ids: [String], texts: [String]) {
        self.ids = ids
        self.texts = texts
    }

    /// Reads `url`: a `.jsonl` file of `{"_id"?, "text"}` objects (blank lines skipped), else one query per
    /// non-blank line. Ids default to the line number.
    ///
    /// - Throws: `SearchError.badQueries` naming the file and line: malformed JSON, no `text`, an empty text,
    ///   invalid UTF-8; or when the file holds no query.
    public static func load(_ url: URL) throws(SearchError) -> QueryFile {
        let lines = try TextFileLines(url, error: { .badQueries(path: $0, line: $1, detail: $2) })
        var ids: [String] = [], texts: [String] = []
        for (number, line) in lines.lines where !line.allSatisfy(\.isWhitespace) {
            guard url.pathExtension == "jsonl" else {
                ids.append(String(number))
                texts.append(line)
                continue
            }
            let object = try lines.object(line, number: number)
            let id = object["_id"] != nil || object["id"] != nil ? try lines.id(object, number: number, keys: ["_id", "id"]) : String(number)
            guard let text = object["text"]?.string else {
                throw .badQueries(path: url.path, line: number, detail: "expected a string field \"text\" (fields: \(object.keys.sorted().joined(separator: ", ")))")
            }
            guard !text.allSatisfy(\.isWhitespace) else { throw .badQueries(path: url.path, line: number, detail: "the query text is empty") }
            ids.append(id)
            texts.append(text)
        }
        guard !texts.isEmpty else { throw .badQueries(path: url.path, line: lines.lines.count, detail: "the file holds no query") }
        return QueryFile(ids: ids, texts: texts)
    }
}
