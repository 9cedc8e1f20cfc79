/// A batch of rows of a `PairDataset`, split by column (texts, labels, vectors): what the encoder and the loss consume.
public struct PairBatch: Sendable, Equatable {
    /// The dataset rows, in batch order.  // [B]
    public let indices: [Int]
    /// The text columns' names (`anchor`, `positive`, …).
    public let columns: [String]
    /// `texts[c][b]`: column `c` of the batch's row `b`.  // [C][B]
    public let texts: [[String]]
    /// The rows' labels, when the data set has them.  // [B]
    public let labels: [Double]?
    /// The rows of each vector column.  // [V] × [B · D]
    public var vectors: [VectorColumn] = []

    /// The number of rows (B).
    public var count: Int { indices.count }
}
