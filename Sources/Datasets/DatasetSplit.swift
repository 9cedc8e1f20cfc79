/// A named part of a data set: training pairs, the development set for model selection, the held-out test set.
///
/// The raw value is the file stem used under `datasets/<name>/` (`train.jsonl`, `qrels/dev.tsv`).
public enum DatasetSplit: String, CaseIterable, Codable, Sendable {
    case train
    case dev
    case test
}
