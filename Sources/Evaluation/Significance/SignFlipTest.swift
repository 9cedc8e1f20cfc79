import Tensors
/// The paired permutation (sign-flip) test of `mean(b − a) = 0`, exact or Monte Carlo.
///
/// Under the null hypothesis the labels A and B are exchangeable within each query, so every
/// difference is equally likely to have either sign. The null distribution of the mean difference is
/// that of `Σ sᵢ dᵢ / n` over sign vectors `s ∈ {−1, +1}ⁿ`. This is what
/// `scipy.stats.permutation_test((b, a), lambda x, y: mean(x − y), permutation_type='samples')`
/// computes, and its p-value conventions are copied exactly:
///
/// - one-sided counts use a tie tolerance of `100 · ε · |observed|` (see `FixedPointDifferences.tieTolerance`);
/// - exact: `p_greater = #{null ≥ observed − tol} / 2ⁿ`, `p_less = #{null ≤ observed + tol} / 2ⁿ`
///   (the observed sign vector is one of the 2ⁿ, so no +1 adjustment);
/// - Monte Carlo: `(count + 1) / (draws + 1)` for each side;
/// - two-sided: `min(1, 2 · min(p_less, p_greater))`.
enum SignFlipTest {
    /// The exact p-value over all 2ⁿ sign vectors, walked in Gray-code order (one add per vector).
    ///
    /// - Precondition: `1 ≤ d.count ≤ 30`.
    static func exactPValue(_ d: FixedPointDifferences) -> Double {
        let n = d.count
        precondition(n >= 1 && n <= 30)
        let tolerance = d.tieTolerance
        let low = d.sum - tolerance, high = d.sum + tolerance
        let twice = d.values.map { 2 * $0 }
        let total = 1 << n
        var sum = d.sum  // all signs +1: the observed statistic
        var flipped = 0  // bit i set: dᵢ currently enters with sign −1
        var greater = sum >= low ? 1 : 0
        var less = sum <= high ? 1 : 0
        twice.withUnsafeBufferPointer { twice in
            for k in 1..<total {
                let i = k.trailingZeroBitCount  // Gray code: vector k differs from k − 1 in bit i
                let bit = 1 << i
                if flipped & bit == 0 { sum -= twice[i] } else { sum += twice[i] }
                flipped ^= bit
                if sum >= low { greater += 1 }
                if sum <= high { less += 1 }
            }
        }
        return twoSided(less: Double(less) / Double(total), greater: Double(greater) / Double(total))
    }

    /// The Monte Carlo p-value from `draws` random sign vectors (one random bit per query).
    static func monteCarloPValue(_ d: FixedPointDifferences, draws: Int, generator: inout Xoshiro256StarStar) -> Double {
        let n = d.count
        let tolerance = d.tieTolerance
        let low = d.sum - tolerance, high = d.sum + tolerance
        var greater = 0, less = 0
        d.values.withUnsafeBufferPointer { v in
            for _ in 0..<draws {
                // Σ sᵢ dᵢ = Σ dᵢ − 2 Σ_{sᵢ = −1} dᵢ
                var negated: Int128 = 0
                var start = 0
                while start < n {
                    var bits = generator.next()
                    let end = min(start + 64, n)
                    for i in start..<end {
                        if bits & 1 == 1 { negated += v[i] }
                        bits >>= 1
                    }
                    start = end
                }
                let sum = d.sum - 2 * negated
                if sum >= low { greater += 1 }
                if sum <= high { less += 1 }
            }
        }
        let m = Double(draws + 1)
        return twoSided(less: Double(less + 1) / m, greater: Double(greater + 1) / m)
    }

    /// scipy's two-sided p: twice the smaller one-sided p, clipped to 1.
    static func twoSided(less: Double, greater: Double) -> Double {
        min(1, 2 * min(less, greater))
    }
}
