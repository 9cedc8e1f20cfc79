import Tensors
/// A paired significance test of run B against run A on the same queries (or pairs).
///
/// Given one score per query from each run, it reports the mean difference `Δ = mean(b − a)`, a
/// paired bootstrap percentile interval for Δ, and the two-sided p-value of the paired permutation
/// (sign-flip) test of `Δ = 0` — exact over all 2ⁿ sign vectors when `n ≤ options.exactLimit` (20),
/// Monte Carlo otherwise. Both follow scipy's definitions (`scipy.stats.permutation_test` with
/// `permutation_type='samples'`, `scipy.stats.bootstrap(paired=True, method='percentile')`) and are
/// pinned against them by `SignificanceTests`. Resampling uses `Xoshiro256StarStar`, so a seed gives
/// the same numbers on every machine.
///
/// ```swift
/// let c = try PairedComparison(a: ndcgA, b: ndcgB)
/// print(c.summary())   // Δ +0.0123 [95% CI +0.0040, +0.0201], p = 0.004 (significant)
/// ```
public struct PairedComparison: Codable, Equatable, Sendable {
    /// The number of paired scores.
    public let n: Int
    /// The mean score of run A.
    public let meanA: Double
    /// The mean score of run B.
    public let meanB: Double
    /// The mean difference `mean(b − a)`; positive when B scores higher.
    public let delta: Double
    /// The paired bootstrap percentile interval for `delta`.
    public let interval: ConfidenceInterval
    /// The two-sided p-value of the paired permutation (sign-flip) test of `delta = 0`.
    public let pValue: Double
    /// Whether `pValue` came from all 2ⁿ sign vectors or from random ones.
    public let permutationMethod: PermutationMethod
    /// The sign vectors counted: 2ⁿ when exact, the number of random draws otherwise.
    public let permutations: Int
    /// The number of bootstrap resamples behind `interval`.
    public let bootstrapResamples: Int
    /// The seed of the resampling streams.
    public let seed: UInt64

    /// Compares per-query scores `b` against `a` (same queries, same order).
    ///
    /// With one query, or when every difference is the same, there is nothing to resample:
    /// the interval is `[Δ, Δ]` (and p = 1 when that difference is zero).
    /// - Throws: `SignificanceError` when the arrays differ in length, are empty, hold a NaN or
    ///   infinity, or an option is out of range.
    public init(a: [Double], b: [Double], options: Options = Options()) throws(SignificanceError) {
        try options.validate()
        guard a.count == b.count else { throw .lengthMismatch(a: a.count, b: b.count) }
        guard !a.isEmpty else { throw .empty }
        if let i = a.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(sample: "a", index: i, value: a[i]) }
        if let i = b.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(sample: "b", index: i, value: b[i]) }

        let d = FixedPointDifferences(a: a, b: b)
        n = a.count
        meanA = Self.mean(a)
        meanB = Self.mean(b)
        seed = options.seed
        bootstrapResamples = options.bootstrapResamples

        if n <= options.exactLimit {
            permutationMethod = .exact
            permutations = 1 << n
            pValue = SignFlipTest.exactPValue(d)
        } else {
            permutationMethod = .monteCarlo
            permutations = options.permutationDraws
            var generator = Xoshiro256StarStar(seed: options.seed, stream: Self.permutationStream)
            pValue = SignFlipTest.monteCarloPValue(d, draws: options.permutationDraws, generator: &generator)
        }

        if d.values.allSatisfy({ $0 == d.values[0] }) {
            let only = b[0] - a[0]
            delta = only
            interval = ConfidenceInterval(lower: only, upper: only, level: options.confidenceLevel)
        } else {
            delta = d.mean(ofSum: d.sum)
            var generator = Xoshiro256StarStar(seed: options.seed, stream: Self.bootstrapStream)
            interval = PairedBootstrap.percentileInterval(d, resamples: options.bootstrapResamples,
                                                          level: options.confidenceLevel, generator: &generator)
        }
    }

    /// Whether the permutation test rejects `delta = 0` at level `alpha` (p < α).
    public func isSignificant(alpha: Double = 0.05) -> Bool { pValue < alpha }

    /// The sub-stream of the seed used by the Monte Carlo permutation test.
    static let permutationStream: UInt64 = 1
    /// The sub-stream of the seed used by the bootstrap.
    static let bootstrapStream: UInt64 = 2

    /// The mean with a compensated (Neumaier) sum.
    static func mean(_ x: [Double]) -> Double {
        var sum = 0.0, compensation = 0.0
        for v in x {
            let t = sum + v
            compensation += sum.magnitude >= v.magnitude ? (sum - t) + v : (v - t) + sum
            sum = t
        }
        return (sum + compensation) / Double(x.count)
    }
}
