import Foundation

/// Texts with one class label each (a string): the input of classification and clustering evaluations
/// (MTEB's `text`/`label` columns).
///
/// ```swift
/// let train = try LabelledTextDataset.load(url)                                 // JSONL or CSV, columns text, label
/// let mine = try LabelledTextDataset.load(csv, textColumn: "sentence", labelColumn: "intent")
/// let topics = try LabelledTextDataset.legalTopics(split: .test)
/// topics.texts[0]; topics.labels[0]; topics.labelNames                          // [N], [N], distinct labels
/// ```
/// Loading (`LabelledTextDataset+Loading.swift`) rejects a row without its text or label with the file and line.
/// How many distinct labels there are is the evaluator's concern, not the loader's: one label only loads.
public struct LabelledTextDataset: Sendable {
    /// A short name for logs (`legal-topics-test`, or the file's stem).
    public var name: String
    /// The texts, in file order.  // [N]
    public let texts: [String]
    /// The label of each text.  // [N]
    public let labels: [String]
    /// The files the rows were read from (hashed into a run's manifest); empty for data made in memory.
    public var files: [URL] = []

    /// Creates a data set from memory.
    ///
    /// - Throws: `DatasetError.invalidArguments` when `texts` and `labels` differ in length or are empty.
    public init(name: String = "labelled", texts: [String], labels: [String]) throws {
        guard texts.count == labels.count else {
            throw DatasetError.invalidArguments("\(texts.count) texts but \(labels.count) labels")
        }
        guard !texts.isEmpty else { throw DatasetError.invalidArguments("no rows (empty data set)") }
        self.name = name
        self.texts = texts
        self.labels = labels
    }

    /// The number of rows.
    public var count: Int { texts.count }

    /// The distinct labels in order of first appearance.
    public var labelNames: [String] {
        var seen = Set<String>()
        return labels.filter { seen.insert($0).inserted }
    }

    /// The number of rows of each label.
    public var labelCounts: [String: Int] {
        labels.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}
