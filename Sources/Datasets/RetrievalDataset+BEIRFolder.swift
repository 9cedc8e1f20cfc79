import Foundation

extension RetrievalDataset {
    /// Loads the split `split` of a BEIR-layout folder: `corpus.jsonl`, `queries.jsonl` and `qrels/<split>.tsv`
    /// (what `load(queries:corpus:qrels:)` reads; the name is `<folder>-<split>` unless given).
    ///
    /// - Throws: `DatasetError` with the file and line, as `load(queries:corpus:qrels:)`; `unreadableFile` naming
    ///   the path when one of the three files is missing.
    public static func load(beirFolder folder: URL, split: DatasetSplit = .test, name: String? = nil) throws -> RetrievalDataset {
        try load(queries: folder.appendingPathComponent("queries.jsonl"),
                 corpus: folder.appendingPathComponent("corpus.jsonl"),
                 qrels: folder.appendingPathComponent("qrels").appendingPathComponent("\(split.rawValue).tsv"),
                 name: name ?? "\(folder.standardizedFileURL.lastPathComponent)-\(split.rawValue)")
    }
}
