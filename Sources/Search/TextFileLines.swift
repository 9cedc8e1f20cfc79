import Foundation
import Runs

/// The lines of a UTF-8 text file, numbered from 1, with JSON-lines helpers whose errors name file and line.
struct TextFileLines {
    let path: String
    /// (line number, text without its line ending); a final empty line after the last newline is left out.
    let lines: [(number: Int, text: String)]
    private let error: (String, Int, String) -> SearchError

    /// Reads `url`; `error(path, line, detail)` makes the error a bad line throws.
    init(_ url: URL, error: @escaping (String, Int, String) -> SearchError) throws(SearchError) {
        path = url.path
        self.error = error
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .io(path: url.path, detail: "cannot read (\(error.localizedDescription))") }
        var raw = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if raw.last?.isEmpty == true { raw.removeLast() }
        var lines: [(Int, String)] = []
        lines.reserveCapacity(raw.count)
        for (i, bytes) in raw.enumerated() {
            let trimmed = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
            guard let text = String(validating: trimmed, as: UTF8.self) else { throw error(url.path, i + 1, "the line is not valid UTF-8") }
            lines.append((i + 1, text))
        }
        self.lines = lines
    }

    /// The JSON object on a line.
    func object(_ line: String, number: Int) throws(SearchError) -> [String: JSONValue] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)), let object = value.object else {
            throw error(path, number, "expected one JSON object per line, found \(line.count > 60 ? String(line.prefix(60)) + "…" : line)")
        }
        return object
    }

    /// The id under the first of `keys` present: a string, or an integer written as one.
    func id(_ object: [String: JSONValue], number: Int, keys: [String]) throws(SearchError) -> String {
        guard let key = keys.first(where: { object[$0] != nil }) else {
            throw error(path, number, "expected an id field \"\(keys[0])\" (fields: \(object.keys.sorted().joined(separator: ", ")))")
        }
        switch object[key]! {
        case .string(let s): return s
        case .number(let n) where n == n.rounded() && abs(n) < 1e15: return String(Int(n))
        default: throw error(path, number, "the field \"\(key)\" must be a string or an integer")
        }
    }
}
