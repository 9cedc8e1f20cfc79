import Evaluation

extension RunComparison {
    /// The paired test of one per-query metric of one evaluator, B − A, at each run's last evaluation.
    ///
    /// Encoded as `{"evaluator", "metric", "steps": [A, B], "comparison", "significant"}`.
    public struct Significance: Equatable, Sendable, Encodable {
        /// The evaluator (`eval/<evaluator>.jsonl.zst`).
        public let evaluator: String
        /// The per-query field, e.g. `ndcg@10`.
        public let metric: String
        /// The step of each run's evaluation that was compared.
        public let stepA: Int, stepB: Int
        /// Means, difference, confidence interval and p-value over the paired queries.
        public let comparison: PairedComparison
        /// Whether the p-value is below the comparison's `alpha`.
        public let significant: Bool

        public init(evaluator: String, metric: String, stepA: Int, stepB: Int, comparison: PairedComparison, significant: Bool) {
            self.evaluator = evaluator
            self.metric = metric
            self.stepA = stepA
            self.stepB = stepB
            self.comparison = comparison
            self.significant = significant
        }

        enum CodingKeys: String, CodingKey { case evaluator, metric, steps, comparison, significant }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(evaluator, forKey: .evaluator)
            try c.encode(metric, forKey: .metric)
            try c.encode([stepA, stepB], forKey: .steps)
            try c.encode(comparison, forKey: .comparison)
            try c.encode(significant, forKey: .significant)
        }
    }
}
