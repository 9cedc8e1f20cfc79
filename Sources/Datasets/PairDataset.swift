import Foundation

/// Rows of texts (with an optional label and vector columns) for training, in sentence-transformers' column conventions.
///
/// The columns are whatever the loss takes, in order, named as sentence-transformers names them:
///
/// | columns | label | used by |
/// |---|---|---|
/// | `sentence1`, `sentence2` | `score` (e.g. 0...1) | `CosineSimilarityLoss`, `EmbeddingSimilarityEvaluator` |
/// | `anchor`, `positive`[, `negative`…] | none | `MultipleNegativesRankingLoss` (in-batch negatives) |
/// | `text` | `label` (a class) | batch triplet losses |
/// | `sentence`[, translations…] | a vector column `teacher` [N, D] | `MSELoss` (distillation) |
///
/// ```swift
/// let sts = try PairDataset.load(url, columns: ["sentence1", "sentence2"], label: "score", labelRange: 0...1)
/// let legal = try PairDataset.legalZh(split: .train)          // anchor, positive
/// let batch = legal.batch([3, 1, 4])                          // texts per column, labels
/// ```
/// Loading (`PairDataset+Loading.swift`) reads JSONL, CSV or TSV and rejects bad input with the file and line.
public struct PairDataset: Sendable {
    /// A short name for logs (`stsb-train`, or the file's stem).
    public var name: String
    /// The text columns, in the order the loss receives them.
    public let columns: [String]
    /// The label column's name (`score`, `label`), if the data set has one.
    public let labelColumn: String?
    /// `texts[c][i]` is column `c` of row `i`.  // [C][N]
    public let texts: [[String]]
    /// One label per row when `labelColumn` is set.  // [N]
    public let labels: [Double]?
    /// Columns of one vector per row (teacher embeddings), in order.
    public let vectorColumns: [VectorColumn]
    /// The files the rows were read from (hashed into a run's manifest); empty for data made in memory.
    public var files: [URL] = []

    /// Creates a data set from texts held in memory.
    ///
    /// - Parameters:
    ///   - columns: the column names, e.g. `["anchor", "positive"]`.
    ///   - texts: one array per column (`texts[c][i]`), all of the same length.
    ///   - labelColumn, labels: a label per row, or neither.
    ///   - vectorColumns: columns of one vector per row (e.g. teacher embeddings), each with a row per text row.
    /// - Throws: `DatasetError.invalidArguments` when the shapes do not fit or there are no rows.
    public init(name: String = "pairs", columns: [String], texts: [[String]], labelColumn: String? = nil, labels: [Double]? = nil,
                vectorColumns: [VectorColumn] = []) throws {
        guard !columns.isEmpty else { throw DatasetError.invalidArguments("no columns") }
        guard Set(columns).count == columns.count else { throw DatasetError.invalidArguments("a column is named twice in \(columns)") }
        guard texts.count == columns.count else {
            throw DatasetError.invalidArguments("\(columns.count) columns but \(texts.count) text arrays")
        }
        let n = texts[0].count
        guard n > 0 else { throw DatasetError.invalidArguments("no rows (empty data set)") }
        for (c, column) in texts.enumerated() where column.count != n {
            throw DatasetError.invalidArguments("column \"\(columns[c])\" has \(column.count) rows, \"\(columns[0])\" has \(n)")
        }
        guard (labelColumn == nil) == (labels == nil) else {
            throw DatasetError.invalidArguments("labelColumn and labels must be given together")
        }
        if let labels, labels.count != n {
            throw DatasetError.invalidArguments("\(labels.count) labels for \(n) rows")
        }
        if let labelColumn, columns.contains(labelColumn) {
            throw DatasetError.invalidArguments("\"\(labelColumn)\" is both a text column and the label")
        }
        for v in vectorColumns {
            guard v.count == n else { throw DatasetError.invalidArguments("vector column \"\(v.name)\" has \(v.count) rows, \"\(columns[0])\" has \(n)") }
            guard !columns.contains(v.name), v.name != labelColumn, vectorColumns.filter({ $0.name == v.name }).count == 1 else {
                throw DatasetError.invalidArguments("\"\(v.name)\" names a vector column and another column")
            }
        }
        self.name = name
        self.columns = columns
        self.texts = texts
        self.labelColumn = labelColumn
        self.labels = labels
        self.vectorColumns = vectorColumns
    }

    /// The number of rows.
    public var count: Int { texts[0].count }

    /// Row `i`'s texts, in column order.
    public subscript(row: Int) -> [String] { texts.map { $0[row] } }

    /// Row `i`'s label, if the data set has labels.
    public func label(_ row: Int) -> Double? { labels?[row] }

    /// The texts of the column called `name`, or nil if there is none.
    public func column(_ name: String) -> [String]? { columns.firstIndex(of: name).map { texts[$0] } }

    /// The vector column called `name`, or nil if there is none.
    public func vectorColumn(_ name: String) -> VectorColumn? { vectorColumns.first { $0.name == name } }

    /// The rows at `indices` (in that order), split by column for the encoder.
    public func batch(_ indices: [Int]) -> PairBatch {
        PairBatch(indices: indices, columns: columns,
                  texts: texts.map { column in indices.map { column[$0] } },
                  labels: labels.map { l in indices.map { l[$0] } },
                  vectors: vectorColumns.map { $0.rows(indices) })
    }

    /// A data set of the rows at `indices` (in that order), e.g. the first 1000 for a quick run.
    public func subset(_ indices: [Int], name: String? = nil) throws -> PairDataset {
        var subset = try PairDataset(name: name ?? self.name, columns: columns,
                                     texts: texts.map { column in indices.map { column[$0] } },
                                     labelColumn: labelColumn, labels: labels.map { l in indices.map { l[$0] } },
                                     vectorColumns: vectorColumns.map { $0.rows(indices) })
        subset.files = files
        return subset
    }

    /// The same rows with `column` added (a vector per row, e.g. teacher embeddings of one text column).
    public func adding(_ column: VectorColumn) throws -> PairDataset {
        var out = try PairDataset(name: name, columns: columns, texts: texts, labelColumn: labelColumn, labels: labels,
                                  vectorColumns: vectorColumns + [column])
        out.files = files
        return out
    }
}
