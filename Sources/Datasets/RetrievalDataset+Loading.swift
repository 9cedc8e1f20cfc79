import Foundation
import Runs

extension RetrievalDataset {
    /// Loads a BEIR-layout retrieval data set.
    ///
    /// - `queries`, `corpus`: JSONL, one `{"_id", "text"}` object per line (a corpus `title`, when present and
    ///   not empty, is prepended to the text with a space, as BEIR does). `_id` is a string or an integer.
    /// - `qrels`: TSV `query-id<TAB>corpus-id<TAB>score`, with or without that header row; rows with score > 0
    ///   are relevant, rows with score ≤ 0 are ignored. Only queries named there are kept.
    /// - Throws: `DatasetError` with the file and line: malformed lines, missing `_id`/`text`, an id listed twice,
    ///   a qrels row naming an unknown query or document, no relevant pair at all.
    public static func load(queries: URL, corpus: URL, qrels: URL, name: String? = nil) throws -> RetrievalDataset {
        let queryRows = try readTexts(queries).map { (id: $0.id, text: $0.text) }
        let corpusRows = try readTexts(corpus).map { (id: $0.id, text: $0.text) }
        let queryIDs = Set(queryRows.map(\.id)), corpusIDs = Set(corpusRows.map(\.id))
        var relevant: [String: Set<String>] = [:]
        let lines = try TextLines(url: qrels).lines
        var sawRow = false
        for (i, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw DatasetError.malformedLine(qrels, line: i + 1, detail: "\(fields.count) tab-separated fields, expected 3 (query-id, corpus-id, score)")
            }
            guard let score = Double(fields[2].trimmingCharacters(in: .whitespaces)), score.isFinite else {
                if !sawRow { sawRow = true; continue }                 // the header row
                throw DatasetError.invalidValue(qrels, line: i + 1, column: "score", detail: "\"\(fields[2])\" is not a number")
            }
            sawRow = true
            let (q, d) = (fields[0], fields[1])
            guard queryIDs.contains(q) else {
                throw DatasetError.inconsistentIDs(qrels, line: i + 1, detail: "query id \"\(q)\" is not in \(queries.lastPathComponent)")
            }
            guard corpusIDs.contains(d) else {
                throw DatasetError.inconsistentIDs(qrels, line: i + 1, detail: "corpus id \"\(d)\" is not in \(corpus.lastPathComponent)")
            }
            if score > 0 { relevant[q, default: []].insert(d) }
        }
        guard !relevant.isEmpty else { throw DatasetError.emptyDataset(qrels, line: lines.count) }
        var dataset = try RetrievalDataset(name: name ?? qrels.deletingPathExtension().lastPathComponent,
                                           queries: queryRows, corpus: corpusRows, relevantDocs: relevant)
        dataset.files = [queries, corpus, qrels]
        return dataset
    }

    /// The rows of a BEIR queries or corpus JSONL file, `{"_id", "text"}` (a non-empty `title` put in front of the
    /// text with a space), with the line each came from; ids unique.
    ///
    /// - Throws: `DatasetError` with the file and line: malformed JSON, a missing `_id` or `text`, an id listed
    ///   twice (naming both lines), invalid UTF-8, no rows.
    public static func readTexts(_ url: URL) throws -> [(id: String, text: String, line: Int)] {
        let table = try TableReader(url: url, format: .jsonl)
        guard !table.records.isEmpty else { throw DatasetError.emptyDataset(url, line: table.lastLine) }
        var seen: [String: Int] = [:]
        var rows: [(id: String, text: String, line: Int)] = []
        rows.reserveCapacity(table.records.count)
        for record in table.records {
            let id: String
            switch record.values["_id"] {
            case .string(let s)?: id = s
            case .number(let n)? where n == n.rounded() && abs(n) < 1e15: id = String(Int(n))
            case nil: throw DatasetError.missingColumn(url, line: record.line, column: "_id", found: table.columns(of: record))
            case let other?: throw DatasetError.invalidValue(url, line: record.line, column: "_id", detail: "expected a string, found \(PairDataset.describe(other))")
            }
            guard let textValue = record.values["text"] else {
                throw DatasetError.missingColumn(url, line: record.line, column: "text", found: table.columns(of: record))
            }
            guard case .string(var text) = textValue else {
                throw DatasetError.invalidValue(url, line: record.line, column: "text", detail: "expected a string, found \(PairDataset.describe(textValue))")
            }
            if case .string(let title)? = record.values["title"], !title.isEmpty { text = title + " " + text }
            if let first = seen.updateValue(record.line, forKey: id) {
                throw DatasetError.inconsistentIDs(url, line: record.line, detail: "id \"\(id)\" is listed twice (also on line \(first))")
            }
            rows.append((id, text, record.line))
        }
        return rows
    }
}
