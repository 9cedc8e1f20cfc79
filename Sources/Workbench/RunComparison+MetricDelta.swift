import Runs

extension RunComparison {
    /// One metric in both runs: last and best values (nil where a run did not log it) and B − A of each.
    ///
    /// Encoded as `{"last": [A, B], "best": [A, B], "deltaLast": …, "deltaBest": …}` (deltas left out when nil).
    public struct MetricDelta: Equatable, Sendable, Encodable {
        public let lastA: Double?, lastB: Double?
        public let bestA: Double?, bestB: Double?

        /// `lastB − lastA`, when both runs logged the metric.
        public var deltaLast: Double? { lastA.flatMap { a in lastB.map { $0 - a } } }
        /// `bestB − bestA` ("best" is lowest for losses and errors, highest otherwise).
        public var deltaBest: Double? { bestA.flatMap { a in bestB.map { $0 - a } } }

        public init(lastA: Double?, lastB: Double?, bestA: Double?, bestB: Double?) {
            self.lastA = lastA
            self.lastB = lastB
            self.bestA = bestA
            self.bestB = bestB
        }

        /// The values of `key` in `a` and `b`.
        init(_ key: String, _ a: RunData, _ b: RunData) {
            self.init(lastA: a.last(key)?.value, lastB: b.last(key)?.value, bestA: a.best(key)?.value, bestB: b.best(key)?.value)
        }

        enum CodingKeys: String, CodingKey { case last, best, deltaLast, deltaBest }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode([lastA, lastB], forKey: .last)
            try c.encode([bestA, bestB], forKey: .best)
            try c.encodeIfPresent(deltaLast, forKey: .deltaLast)
            try c.encodeIfPresent(deltaBest, forKey: .deltaBest)
        }
    }
}
