import Foundation

extension RetrievalDataset {
    /// The Chinese legal retrieval split: `datasets/legal-zh/{queries,corpus}.jsonl` and `qrels/<split>.tsv`
    /// (1434 documents shared by all splits; dev and test have 148 queries each).
    ///
    /// Paths are relative to `root` (the current directory by default: run from the repository root).
    /// - Throws: `DatasetError.notInstalled` (run `bash scripts/setup.sh`) when a file is missing.
    public static func legalZh(split: DatasetSplit, root: URL? = nil) throws -> RetrievalDataset {
        let queries = try DatasetLocation.file("datasets/legal-zh/queries.jsonl", root: root)
        let corpus = try DatasetLocation.file("datasets/legal-zh/corpus.jsonl", root: root)
        let qrels = try DatasetLocation.file("datasets/legal-zh/qrels/\(split.rawValue).tsv", root: root)
        return try load(queries: queries, corpus: corpus, qrels: qrels, name: "legal-zh-\(split.rawValue)")
    }
}
