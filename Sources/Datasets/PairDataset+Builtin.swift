import Foundation

extension PairDataset {
    /// The STS benchmark split `datasets/stsb/<split>.jsonl`: `sentence1`, `sentence2`, label `score` in 0...1.
    ///
    /// Paths are relative to `root` (the current directory by default: run from the repository root).
    /// - Throws: `DatasetError.notInstalled` (run `bash scripts/setup.sh`) when the file is missing.
    public static func stsb(split: DatasetSplit, root: URL? = nil) throws -> PairDataset {
        let url = try DatasetLocation.file("datasets/stsb/\(split.rawValue).jsonl", root: root)
        return try load(url, columns: ["sentence1", "sentence2"], label: "score", labelRange: 0...1, name: "stsb-\(split.rawValue)")
    }

    /// The Chinese legal pairs `datasets/legal-zh/<split>.jsonl`: `anchor` (article name, scenario or
    /// consultation question), `positive` (the article or answer). No training positive is relevant to a dev or
    /// test query (see `datasets/legal-zh/README.md`).
    ///
    /// Paths are relative to `root` (the current directory by default: run from the repository root).
    /// - Throws: `DatasetError.notInstalled` (run `bash scripts/setup.sh`) when the file is missing.
    public static func legalZh(split: DatasetSplit, root: URL? = nil) throws -> PairDataset {
        let url = try DatasetLocation.file("datasets/legal-zh/\(split.rawValue).jsonl", root: root)
        return try load(url, columns: ["anchor", "positive"], name: "legal-zh-\(split.rawValue)")
    }
}
