/// The scores of one evaluated item: a pair (`pair17`: cosine, gold) or a query (`q42`: ndcg@10, …).
public struct PerItemScore: Codable, Equatable, Sendable {
    /// The item's id: `pair<i>` for the i-th pair, the query id for a query.
    public var id: String
    /// Named values; for queries the keys are the metric names, and each metric is the mean of its column.
    public var values: [String: Double]

    /// Makes a row.
    public init(id: String, values: [String: Double]) {
        self.id = id
        self.values = values
    }
}
