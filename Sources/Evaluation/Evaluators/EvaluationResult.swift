/// The metrics of one evaluation and the per-item scores behind them.
public struct EvaluationResult: Codable, Equatable, Sendable {
    /// The evaluator's name (`stsb-dev`).
    public var name: String
    /// The metric that ranks models (a key of `metrics`).
    public var primaryMetric: String
    /// Bare metric names (`spearman_cosine`, `cosine_ndcg@10`) to values.
    public var metrics: [String: Double]
    /// The keys of `metrics` in the order sentence-transformers reports them.
    public var metricNames: [String]
    /// One row per pair or query, for paired significance tests between runs.
    public var rows: [PerItemScore]

    /// Makes a result; `metricNames` lists the keys of `metrics` in display order.
    public init(name: String, primaryMetric: String, metrics: [String: Double], metricNames: [String], rows: [PerItemScore]) {
        self.name = name
        self.primaryMetric = primaryMetric
        self.metrics = metrics
        self.metricNames = metricNames
        self.rows = rows
    }

    /// The value of the primary metric.
    public var primaryScore: Double { metrics[primaryMetric] ?? .nan }

    /// The metrics under sentence-transformers' keys, `"\(name)_\(metric)"` (bare when the name is empty).
    public var prefixedMetrics: [String: Double] {
        guard !name.isEmpty else { return metrics }
        return Dictionary(uniqueKeysWithValues: metrics.map { ("\(name)_\($0.key)", $0.value) })
    }

    /// One value of every row, in row order (the per-query scores of a metric), nil where a row lacks it.
    public func column(_ key: String) -> [Double?] { rows.map { $0.values[key] } }
}
