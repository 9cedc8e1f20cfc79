import Tensors
/// The paired bootstrap percentile interval of the mean difference `mean(b − a)`.
///
/// Each resample draws n query indices uniformly with replacement (pairs stay together) and records
/// the mean difference over them; the interval is the `(1 − level)/2` and `(1 + level)/2` quantiles
/// of those means with linear interpolation (Hyndman–Fan type 7, numpy's default), as
/// `scipy.stats.bootstrap((a, b), lambda x, y: mean(y − x), paired=True, method='percentile')` does.
/// The resampled sums are exact (`FixedPointDifferences`), so the result depends only on the seed.
enum PairedBootstrap {
    /// The percentile interval from `resamples` bootstrap resamples.
    static func percentileInterval(_ d: FixedPointDifferences, resamples: Int, level: Double,
                                   generator: inout Xoshiro256StarStar) -> ConfidenceInterval {
        let n = d.count
        var means = [Double](repeating: 0, count: resamples)
        d.values.withUnsafeBufferPointer { v in
            for r in 0..<resamples {
                var sum: Int128 = 0
                for _ in 0..<n {
                    sum += v[Int(generator.next(below: UInt64(n)))]
                }
                means[r] = d.mean(ofSum: sum)
            }
        }
        means.sort()
        let alpha = (1 - level) / 2
        return ConfidenceInterval(lower: quantile(sorted: means, alpha),
                                  upper: quantile(sorted: means, 1 - alpha), level: level)
    }

    /// The type-7 (linear) quantile of sorted values: `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])`, h = p(N − 1).
    static func quantile(sorted x: [Double], _ p: Double) -> Double {
        let h = p * Double(x.count - 1)
        let lo = Int(h.rounded(.down))
        guard lo + 1 < x.count else { return x[x.count - 1] }
        let t = h - Double(lo)
        return x[lo] + t * (x[lo + 1] - x[lo])
    }
}
