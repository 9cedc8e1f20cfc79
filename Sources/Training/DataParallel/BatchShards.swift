/// How one global batch is split over the ranks of a data-parallel job: contiguous shards in rank order, as even as
/// the rows allow (`--batch-size` divisible by the ranks makes every full batch split exactly).
///
/// ```swift
/// let shards = BatchShards(total: 8, ranks: 2)    // rank 0: rows 0..<4, rank 1: rows 4..<8
/// ```
public struct BatchShards: Equatable, Sendable {
    /// Rows in the global batch.
    public let total: Int
    /// Ranks sharing it.
    public let ranks: Int

    public init(total: Int, ranks: Int) {
        precondition(ranks >= 1 && total >= 0, "BatchShards needs ranks ≥ 1 and total ≥ 0, got \(ranks) and \(total)")
        self.total = total
        self.ranks = ranks
    }

    /// The positions in the global batch that `rank` takes.
    public func range(of rank: Int) -> Range<Int> { (total * rank / ranks)..<(total * (rank + 1) / ranks) }

    /// Every rank's row count, in rank order.
    public var counts: [Int] { (0..<ranks).map { range(of: $0).count } }

    /// Whether every rank has at least one row (an epoch's last batch can be shorter than the number of ranks).
    public var everyRankHasRows: Bool { total >= ranks }

    /// The share of the global batch's mean that `rank`'s mean makes: its rows over all rows.
    public func weight(of rank: Int) -> Double { Double(range(of: rank).count) / Double(max(total, 1)) }
}
