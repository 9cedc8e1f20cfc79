import Foundation

extension LabelledTextDataset {
    /// LawBench's consultation topics `datasets/legal-zh-tasks/topic-classification/<split>.jsonl`: a legal
    /// consultation and one of 20 topics (婚姻家庭, 劳动纠纷, …); 25 per topic, stratified train 400 / test 100.
    ///
    /// Paths are relative to `root` (the current directory by default: run from the repository root).
    /// - Throws: `DatasetError.invalidArguments` for `.dev` (there are train and test splits only),
    ///   `DatasetError.notInstalled` (run `bash scripts/setup.sh`) when the file is missing.
    public static func legalTopics(split: DatasetSplit, root: URL? = nil) throws -> LabelledTextDataset {
        try builtin("topic-classification", split: split, name: "legal-topics", root: root)
    }

    /// LawBench's charge prediction `datasets/legal-zh-tasks/charge-classification/<split>.jsonl`: the facts of a
    /// criminal case and its charge (盗窃, 失火, …); single-charge cases of charges with at least 5 of them
    /// (see `datasets/legal-zh-tasks/README.md`), stratified into train and test.
    ///
    /// Paths are relative to `root` (the current directory by default: run from the repository root).
    /// - Throws: `DatasetError.invalidArguments` for `.dev` (there are train and test splits only),
    ///   `DatasetError.notInstalled` (run `bash scripts/setup.sh`) when the file is missing.
    public static func legalCharges(split: DatasetSplit, root: URL? = nil) throws -> LabelledTextDataset {
        try builtin("charge-classification", split: split, name: "legal-charges", root: root)
    }

    /// All 500 LawBench consultations with their topics, `datasets/legal-zh-tasks/topic-clustering/test.jsonl`,
    /// for a clustering evaluation (20 clusters of 25).
    ///
    /// Paths are relative to `root` (the current directory by default: run from the repository root).
    /// - Throws: `DatasetError.notInstalled` (run `bash scripts/setup.sh`) when the file is missing.
    public static func legalTopicClustering(root: URL? = nil) throws -> LabelledTextDataset {
        let url = try DatasetLocation.file("datasets/legal-zh-tasks/topic-clustering/test.jsonl", root: root)
        return try load(url, name: "legal-topic-clustering")
    }

    private static func builtin(_ folder: String, split: DatasetSplit, name: String, root: URL?) throws -> LabelledTextDataset {
        guard split != .dev else {
            throw DatasetError.invalidArguments("datasets/legal-zh-tasks/\(folder) has train and test splits only, no dev")
        }
        let url = try DatasetLocation.file("datasets/legal-zh-tasks/\(folder)/\(split.rawValue).jsonl", root: root)
        return try load(url, name: "\(name)-\(split.rawValue)")
    }
}
