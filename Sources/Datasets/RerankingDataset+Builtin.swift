import Foundation

extension RerankingDataset {
    /// The Chinese legal reranking task `datasets/legal-zh-tasks/rerank/test.jsonl`: each legal-zh test query
    /// with its relevant documents and the 10 highest-ranked irrelevant documents of the corpus under
    /// multilingual-e5-small (ids in `scripts/data/legal-zh-rerank-negatives.tsv`).
    ///
    /// Paths are relative to `root` (the current directory by default: run from the repository root).
    /// - Throws: `DatasetError.notInstalled` (run `bash scripts/setup.sh`) when the file is missing.
    public static func legalZh(root: URL? = nil) throws -> RerankingDataset {
        let url = try DatasetLocation.file("datasets/legal-zh-tasks/rerank/test.jsonl", root: root)
        return try load(url, name: "legal-zh-rerank")
    }
}
