import Foundation
import Runs

extension LabelledTextDataset {
    /// Loads texts and their labels from a JSONL or CSV file (or TSV).
    ///
    /// JSONL rows are objects (`{"text": "…", "label": "婚姻家庭"}`); CSV/TSV files start with a header row naming
    /// the columns. Other columns are ignored. A text must be a string that is not blank; a label a string that
    /// is not blank, or an integer (MTEB's class ids; `3` becomes `"3"`). CSV/TSV fields are always strings.
    ///
    /// - Parameters:
    ///   - url: the file; its extension gives the format (`.jsonl`, `.csv`, `.tsv`) unless `format` is passed.
    ///   - textColumn, labelColumn: the column names (`text`, `label` by default).
    /// - Throws: `DatasetError` naming the file and line: a missing text or label column (with the columns found),
    ///   a blank text or label, a value of the wrong type, a malformed line, a file without rows.
    public static func load(
        _ url: URL, textColumn: String = "text", labelColumn: String = "label", format: DatasetFormat? = nil, name: String? = nil
    ) throws -> LabelledTextDataset {
        guard let format = format ?? DatasetFormat(url: url) else { throw DatasetError.unknownFormat(url) }
        guard textColumn != labelColumn else {
            throw DatasetError.invalidArguments("\"\(textColumn)\" is both the text and the label column")
        }
        let table = try TableReader(url: url, format: format)
        if let header = table.header {           // CSV/TSV: check the header once, before the rows
            for column in [textColumn, labelColumn] where !header.contains(column) {
                throw DatasetError.missingColumn(url, line: table.headerLine, column: column, found: header)
            }
        }
        guard !table.records.isEmpty else { throw DatasetError.emptyDataset(url, line: table.lastLine) }
        var texts: [String] = [], labels: [String] = []
        texts.reserveCapacity(table.records.count)
        labels.reserveCapacity(table.records.count)
        for record in table.records {
            guard let textValue = record.values[textColumn] else {
                throw DatasetError.missingColumn(url, line: record.line, column: textColumn, found: table.columns(of: record))
            }
            guard case .string(let text) = textValue else {
                throw DatasetError.invalidValue(url, line: record.line, column: textColumn,
                                                detail: "expected a string, found \(PairDataset.describe(textValue))")
            }
            guard !text.allSatisfy(\.isWhitespace) else {
                throw DatasetError.invalidValue(url, line: record.line, column: textColumn, detail: "the text is empty")
            }
            guard let labelValue = record.values[labelColumn] else {
                throw DatasetError.missingColumn(url, line: record.line, column: labelColumn, found: table.columns(of: record))
            }
            texts.append(text)
            labels.append(try Self.label(labelValue, url: url, line: record.line, column: labelColumn))
        }
        var dataset = try LabelledTextDataset(name: name ?? url.deletingPathExtension().lastPathComponent, texts: texts, labels: labels)
        dataset.files = [url]
        return dataset
    }

    /// A label's value: a non-blank string, or an integral number written without a fraction.
    private static func label(_ value: JSONValue, url: URL, line: Int, column: String) throws -> String {
        switch value {
        case .string(let s):
            guard !s.allSatisfy(\.isWhitespace) else {
                throw DatasetError.invalidValue(url, line: line, column: column, detail: "the label is empty")
            }
            return s
        case .number(let n) where n.isFinite && n == n.rounded() && abs(n) < 1e15:
            return String(Int(n))
        default:
            throw DatasetError.invalidValue(url, line: line, column: column,
                                            detail: "expected a string or an integer, found \(PairDataset.describe(value))")
        }
    }
}
