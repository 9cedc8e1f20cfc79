extension PairedComparison {
    /// How the permutation test's p-value was obtained.
    public enum PermutationMethod: String, Codable, Sendable {
        /// All 2ⁿ sign vectors were counted; the p-value is exact.
        case exact
        /// Random sign vectors were drawn; p = (count + 1) / (draws + 1).
        case monteCarlo = "monte-carlo"
    }
}
