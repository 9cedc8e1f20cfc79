import Foundation
import Runs

extension RerankingDataset {
    /// Loads reranking samples from a JSONL file: one `{"query": str, "positive": [str], "negative": [str]}`
    /// object per line (other keys are ignored; a bare string is accepted for `positive` or `negative` and read
    /// as a list of one).
    ///
    /// The query and every document must be strings that are not blank; `positive` and `negative` must both be
    /// present (an empty list is allowed).
    /// - Throws: `DatasetError` naming the file and line: a missing key (with the keys found), a value of the wrong
    ///   type (naming the list element), a blank text, a malformed line, a file without rows.
    public static func load(_ url: URL, name: String? = nil) throws -> RerankingDataset {
        let table = try TableReader(url: url, format: .jsonl)
        guard !table.records.isEmpty else { throw DatasetError.emptyDataset(url, line: table.lastLine) }
        var samples: [Sample] = []
        samples.reserveCapacity(table.records.count)
        for record in table.records {
            func value(_ key: String) throws -> JSONValue {
                guard let v = record.values[key] else {
                    throw DatasetError.missingColumn(url, line: record.line, column: key, found: table.columns(of: record))
                }
                return v
            }
            let query = try text(try value("query"), url: url, line: record.line, column: "query")
            let positive = try texts(try value("positive"), url: url, line: record.line, column: "positive")
            let negative = try texts(try value("negative"), url: url, line: record.line, column: "negative")
            samples.append(Sample(query: query, positive: positive, negative: negative))
        }
        var dataset = try RerankingDataset(name: name ?? url.deletingPathExtension().lastPathComponent, samples: samples)
        dataset.files = [url]
        return dataset
    }

    /// A list of texts: a JSON array of strings, or one string.
    private static func texts(_ value: JSONValue, url: URL, line: Int, column: String) throws -> [String] {
        switch value {
        case .string:
            return [try text(value, url: url, line: line, column: column)]
        case .array(let items):
            return try items.enumerated().map { i, item in try text(item, url: url, line: line, column: column, element: i) }
        default:
            throw DatasetError.invalidValue(url, line: line, column: column,
                                            detail: "expected an array of strings or a string, found \(PairDataset.describe(value))")
        }
    }

    /// A non-blank string (`element`: its index in a list, for the message).
    private static func text(_ value: JSONValue, url: URL, line: Int, column: String, element: Int? = nil) throws -> String {
        let which = element.map { "element \($0)" } ?? "the value"
        guard case .string(let s) = value else {
            throw DatasetError.invalidValue(url, line: line, column: column, detail: "\(which): expected a string, found \(PairDataset.describe(value))")
        }
        guard !s.allSatisfy(\.isWhitespace) else {
            throw DatasetError.invalidValue(url, line: line, column: column, detail: "\(which) is an empty text")
        }
        return s
    }
}
