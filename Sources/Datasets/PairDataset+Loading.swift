import Foundation
import Runs

extension PairDataset {
    /// Loads the `columns` (and `label`) a loss needs from a JSONL, CSV or TSV file.
    ///
    /// JSONL rows are objects (`{"sentence1": …, "sentence2": …, "score": 0.8}`); CSV/TSV files start with a
    /// header row naming the columns. Other columns are ignored. Text values must be strings (CSV/TSV fields
    /// always are), labels numbers (parsed from the field in CSV/TSV), finite and, when `labelRange` is
    /// given, inside it.
    ///
    /// - Parameters:
    ///   - url: the file; its extension gives the format unless `format` is passed.
    ///   - columns: the text columns, in the order the loss takes them: `["sentence1", "sentence2"]`,
    ///     `["anchor", "positive", "negative"]`, `["text"]`.
    ///   - label: the label column (`score`, `label`), if any.
    ///   - labelRange: the range every label must lie in, e.g. `0...1`.
    ///   - vectors: vector columns (JSONL only): each row holds an array of numbers, of one width for all rows
    ///     (`{"sentence": …, "teacher": [0.12, -0.03, …]}`).
    /// - Throws: `DatasetError` naming the file and line: a missing column (with the columns found), a value of
    ///   the wrong type, a label outside `labelRange`, a malformed JSON or CSV line, a line that is not UTF-8,
    ///   a file without rows, a vector of another width than the first row's, a vector column in CSV/TSV.
    public static func load(
        _ url: URL, columns: [String], label: String? = nil, labelRange: ClosedRange<Double>? = nil,
        vectors: [String] = [], format: DatasetFormat? = nil, name: String? = nil
    ) throws -> PairDataset {
        guard let format = format ?? DatasetFormat(url: url) else { throw DatasetError.unknownFormat(url) }
        if format != .jsonl, let first = vectors.first {
            throw DatasetError.invalidValue(url, line: 1, column: first, detail: "vector columns are read from JSONL files only (an array of numbers per row)")
        }
        let table = try TableReader(url: url, format: format)
        if let header = table.header {           // CSV/TSV: check the header once, before the rows
            for column in columns + (label.map { [$0] } ?? []) where !header.contains(column) {
                throw DatasetError.missingColumn(url, line: table.headerLine, column: column, found: header)
            }
        }
        guard !table.records.isEmpty else { throw DatasetError.emptyDataset(url, line: table.lastLine) }

        var texts = Array(repeating: [String](), count: columns.count)
        for c in texts.indices { texts[c].reserveCapacity(table.records.count) }
        var labels: [Double] = []
        var vectorValues = Array(repeating: [Float](), count: vectors.count)
        var widths = [Int?](repeating: nil, count: vectors.count)
        for record in table.records {
            for (c, column) in columns.enumerated() {
                guard let value = record.values[column] else {
                    throw DatasetError.missingColumn(url, line: record.line, column: column, found: table.columns(of: record))
                }
                guard case .string(let text) = value else {
                    throw DatasetError.invalidValue(url, line: record.line, column: column,
                                                    detail: "expected a string, found \(Self.describe(value))")
                }
                texts[c].append(text)
            }
            if let label {
                guard let value = record.values[label] else {
                    throw DatasetError.missingColumn(url, line: record.line, column: label, found: table.columns(of: record))
                }
                let number = try Self.number(value, url: url, line: record.line, column: label)
                if let labelRange, !labelRange.contains(number) {
                    throw DatasetError.labelOutOfRange(url, line: record.line, column: label, value: number, range: labelRange)
                }
                labels.append(number)
            }
            for (v, column) in vectors.enumerated() {
                guard let value = record.values[column] else {
                    throw DatasetError.missingColumn(url, line: record.line, column: column, found: table.columns(of: record))
                }
                let row = try Self.vector(value, url: url, line: record.line, column: column)
                if let width = widths[v], width != row.count {
                    throw DatasetError.invalidValue(url, line: record.line, column: column,
                                                    detail: "a vector of \(row.count) numbers, but the first row's has \(width)")
                }
                widths[v] = row.count
                vectorValues[v] += row
            }
        }
        var dataset = try PairDataset(name: name ?? url.deletingPathExtension().lastPathComponent, columns: columns,
                                      texts: texts, labelColumn: label, labels: label == nil ? nil : labels,
                                      vectorColumns: try vectors.indices.map { v in
                                          try VectorColumn(name: vectors[v], width: widths[v] ?? 0, values: vectorValues[v])
                                      })
        dataset.files = [url]
        return dataset
    }

    /// A vector column's value: a non-empty JSON array of finite numbers.
    private static func vector(_ value: JSONValue, url: URL, line: Int, column: String) throws -> [Float] {
        guard case .array(let items) = value, !items.isEmpty else {
            throw DatasetError.invalidValue(url, line: line, column: column, detail: "expected a non-empty array of numbers, found \(describe(value))")
        }
        return try items.enumerated().map { i, item in
            guard case .number(let n) = item, n.isFinite, abs(n) <= Double(Float.greatestFiniteMagnitude) else {
                throw DatasetError.invalidValue(url, line: line, column: column, detail: "element \(i) is \(describe(item)), not a finite number")
            }
            return Float(n)
        }
    }

    /// A label's value: a JSON number, or a CSV/TSV field that parses as one; finite.
    private static func number(_ value: JSONValue, url: URL, line: Int, column: String) throws -> Double {
        let number: Double
        switch value {
        case .number(let n):
            number = n
        case .string(let s):
            guard let n = Double(s.trimmingCharacters(in: .whitespaces)) else {
                throw DatasetError.invalidValue(url, line: line, column: column, detail: "\"\(s)\" is not a number")
            }
            number = n
        default:
            throw DatasetError.invalidValue(url, line: line, column: column, detail: "expected a number, found \(describe(value))")
        }
        guard number.isFinite else {
            throw DatasetError.invalidValue(url, line: line, column: column, detail: "\(number) is not a finite number")
        }
        return number
    }

    /// "a number (3)", "null", … for error messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): "a boolean (\(b))"
        case .number: "a number (\(value.display))"
        case .string(let s): "a string (\"\(TableReader.excerpt(s))\")"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
