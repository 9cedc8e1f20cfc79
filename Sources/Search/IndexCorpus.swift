import Crypto
import Datasets
import Foundation

/// The passages an index is built from: ids and texts, in file order, each id once and no text empty.
///
/// ```swift
/// let corpus = try IndexCorpus.load(URL(fileURLWithPath: "datasets/search-corpus"))   // its corpus.jsonl
/// ```
public struct IndexCorpus: Sendable {
    /// Where the passages came from, for messages and the manifest.
    public let source: String
    public let ids: [String]
    public let texts: [String]

    /// Checks the rows: `lines[i]` is row i's line in `source` (for messages).
    ///
    /// - Throws: `SearchError.badCorpus` naming the line of an empty text or of an id seen before (and where).
    public init(source: String, ids: [String], texts: [String], lines: [Int]? = nil) throws(SearchError) {
        guard ids.count == texts.count else { throw .shape("\(source): \(ids.count) ids for \(texts.count) texts") }
        guard !ids.isEmpty else { throw .badCorpus(path: source, line: 0, detail: "the corpus holds no passages") }
        let line = { (i: Int) in lines?[i] ?? i + 1 }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(ids.count)
        for i in ids.indices {
            if let first = seen.updateValue(i, forKey: ids[i]) {
                throw .badCorpus(path: source, line: line(i), detail: "duplicate id \"\(ids[i])\" (first on line \(line(first)))")
            }
            if texts[i].allSatisfy(\.isWhitespace) {
                throw .badCorpus(path: source, line: line(i), detail: "passage \"\(ids[i])\" has an empty text")
            }
        }
        self.source = source
        self.ids = ids
        self.texts = texts
    }

    /// Reads a corpus: a BEIR folder (its `corpus.jsonl`), a JSONL file of `{"_id", "text"}` objects (read by
    /// `RetrievalDataset.readTexts`, as BEIR's corpus), or any other file as one passage per line, its id the line
    /// number.
    ///
    /// - Throws: `DatasetError` naming the file and line (malformed JSON, a missing `_id` or `text`, an id listed
    ///   twice, invalid UTF-8), `SearchError.badCorpus` for an empty text.
    public static func load(_ url: URL) throws -> IndexCorpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw SearchError.io(path: url.path, detail: "no such file or folder")
        }
        let file = isDirectory.boolValue ? url.appendingPathComponent("corpus.jsonl") : url
        if file.pathExtension == "jsonl" {
            let rows = try RetrievalDataset.readTexts(file)
            return try IndexCorpus(source: file.path, ids: rows.map(\.id), texts: rows.map(\.text), lines: rows.map(\.line))
        }
        let lines = try TextLines(url: file).lines
        return try IndexCorpus(source: file.path, ids: lines.indices.map { String($0 + 1) }, texts: lines)
    }

    /// SHA-256 over the ids and texts in order (id, NUL, text, NUL for each passage).
    public var sha256: String {
        var hash = SHA256()
        for (id, text) in zip(ids, texts) {
            hash.update(data: Data(id.utf8)); hash.update(data: [0])
            hash.update(data: Data(text.utf8)); hash.update(data: [0])
        }
        return IndexFile.hex(hash.finalize())
    }
}
