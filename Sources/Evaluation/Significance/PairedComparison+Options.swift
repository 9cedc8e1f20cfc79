extension PairedComparison {
    /// Settings of a paired comparison; the defaults are the ones `workbench diff` reports with.
    public struct Options: Codable, Equatable, Sendable {
        /// The number of bootstrap resamples for the interval.
        public var bootstrapResamples: Int
        /// The number of random sign vectors when the permutation test is not exact.
        public var permutationDraws: Int
        /// The largest n for which the permutation test enumerates all 2ⁿ sign vectors (at most 30).
        public var exactLimit: Int
        /// The coverage of the bootstrap interval, in (0, 1).
        public var confidenceLevel: Double
        /// The seed of the resampling streams.
        public var seed: UInt64

        /// Creates options; every argument has the default `workbench diff` uses.
        public init(bootstrapResamples: Int = 10_000, permutationDraws: Int = 10_000, exactLimit: Int = 20,
                    confidenceLevel: Double = 0.95, seed: UInt64 = 0) {
            self.bootstrapResamples = bootstrapResamples
            self.permutationDraws = permutationDraws
            self.exactLimit = exactLimit
            self.confidenceLevel = confidenceLevel
            self.seed = seed
        }

        /// Throws `SignificanceError.invalidOption` for the first setting out of range.
        func validate() throws(SignificanceError) {
            guard bootstrapResamples >= 1 else {
                throw .invalidOption(name: "bootstrapResamples", value: "\(bootstrapResamples)")
            }
            guard permutationDraws >= 1 else {
                throw .invalidOption(name: "permutationDraws", value: "\(permutationDraws)")
            }
            guard (0...30).contains(exactLimit) else { throw .invalidOption(name: "exactLimit", value: "\(exactLimit)") }
            guard confidenceLevel > 0, confidenceLevel < 1 else {
                throw .invalidOption(name: "confidenceLevel", value: "\(confidenceLevel)")
            }
        }
    }
}
