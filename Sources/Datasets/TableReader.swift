import Foundation
import Runs

/// Reads a JSONL, CSV or TSV file into rows keyed by column name (internal; `PairDataset` and
/// `RetrievalDataset` pick their columns out of it).
struct TableReader {
    let url: URL
    /// The header row's names (CSV/TSV); nil for JSONL, where each line names its own keys.
    private(set) var header: [String]?
    private(set) var records: [TableRecord] = []
    /// The header's line (CSV/TSV): the first non-blank line.
    private(set) var headerLine = 0
    /// The number of lines in the file (the line an "empty data set" error points at; 0 for an empty file).
    private(set) var lastLine = 0

    init(url: URL, format: DatasetFormat) throws {
        self.url = url
        let text = try TextLines(url: url)
        lastLine = text.lines.count
        switch format {
        case .jsonl: try readJSONLines(text.lines)
        case .csv: try readDelimited(text.lines, delimiter: UInt8(ascii: ","), quoting: true)
        case .tsv: try readDelimited(text.lines, delimiter: UInt8(ascii: "\t"), quoting: false)
        }
    }

    /// The columns found on `record`'s line (JSONL) or in the header (CSV/TSV), sorted for JSONL.
    func columns(of record: TableRecord?) -> [String] {
        if let header { return header }
        return record.map { $0.values.keys.sorted() } ?? []
    }

    // MARK: - JSONL

    private mutating func readJSONLines(_ lines: [String]) throws {
        let decoder = JSONDecoder()
        for (i, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let value: JSONValue
            do {
                value = try decoder.decode(JSONValue.self, from: Data(line.utf8))
            } catch {
                throw DatasetError.malformedLine(url, line: i + 1, detail: "malformed JSON (expected one object per line): \(Self.excerpt(line))")
            }
            guard case .object(let fields) = value else {
                throw DatasetError.malformedLine(url, line: i + 1, detail: "expected a JSON object, found \(Self.excerpt(line))")
            }
            records.append(TableRecord(line: i + 1, values: fields))
        }
    }

    // MARK: - CSV / TSV

    private mutating func readDelimited(_ lines: [String], delimiter: UInt8, quoting: Bool) throws {
        var i = 0
        while i < lines.count {
            if lines[i].isEmpty { i += 1; continue }            // blank lines are skipped, as pandas does
            let start = i + 1
            let fields = try Self.splitRecord(lines, at: &i, delimiter: delimiter, quoting: quoting, url: url)
            i += 1
            guard let header else {
                var seen = Set<String>()
                for name in fields where !seen.insert(name).inserted {
                    throw DatasetError.malformedLine(url, line: start, detail: "the header names column \"\(name)\" twice")
                }
                self.header = fields
                headerLine = start
                continue
            }
            guard fields.count == header.count else {
                throw DatasetError.malformedLine(url, line: start, detail: "\(fields.count) fields, but the header (line \(headerLine)) has \(header.count)")
            }
            var values: [String: JSONValue] = [:]
            values.reserveCapacity(fields.count)
            for (name, field) in zip(header, fields) { values[name] = .string(field) }
            records.append(TableRecord(line: start, values: values))
        }
    }

    /// Splits the record starting at `lines[i]`; a quoted CSV field may continue on the next lines (joined with
    /// `\n`), and `i` is left on the record's last line.
    private static func splitRecord(_ lines: [String], at i: inout Int, delimiter: UInt8, quoting: Bool, url: URL) throws -> [String] {
        let quote = UInt8(ascii: "\"")
        let start = i + 1
        var fields: [String] = []
        var field: [UInt8] = []
        var bytes = Array(lines[i].utf8)
        var pos = 0
        var inQuotes = false, afterQuote = false
        while true {
            if pos == bytes.count {
                if inQuotes {
                    i += 1
                    guard i < lines.count else {
                        throw DatasetError.malformedLine(url, line: start, detail: "unterminated quoted field (no closing \" before the end of the file)")
                    }
                    field.append(0x0A)
                    bytes = Array(lines[i].utf8)
                    pos = 0
                    continue
                }
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            }
            let b = bytes[pos]
            if inQuotes {
                if b == quote {
                    if pos + 1 < bytes.count, bytes[pos + 1] == quote {
                        field.append(quote); pos += 2
                    } else {
                        inQuotes = false; afterQuote = true; pos += 1
                    }
                } else {
                    field.append(b); pos += 1
                }
            } else if b == delimiter {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                afterQuote = false
                pos += 1
            } else if afterQuote {
                throw DatasetError.malformedLine(url, line: i + 1, detail: "text after a closing quote (a quote inside a quoted field is written \"\")")
            } else if quoting, b == quote, field.isEmpty {
                inQuotes = true; pos += 1
            } else {
                field.append(b); pos += 1
            }
        }
    }

    /// The start of a line for an error message.
    static func excerpt(_ line: String) -> String {
        let limit = 60
        return line.count <= limit ? line : String(line.prefix(limit)) + "…"
    }
}
