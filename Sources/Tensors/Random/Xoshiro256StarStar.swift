/// A small, seeded, portable pseudo-random generator for resampling: xoshiro256** seeded by splitmix64.
///
/// The same seed gives the same stream of `UInt64`s on every machine and every Swift version, because
/// both algorithms are written out here in fixed-width integer arithmetic (nothing comes from the
/// standard library's `SystemRandomNumberGenerator` or its unspecified `random(in:)` algorithms).
///
/// - xoshiro256** (Blackman & Vigna, 2018, <https://prng.di.unimi.it/xoshiro256starstar.c>): 256 bits
///   of state, period 2^256 − 1, passes BigCrush; `next()` is `rotl(s1 * 5, 7) * 9` followed by the
///   xorshift state update.
/// - splitmix64 (Steele, Lea & Flood, 2014) expands the 64-bit seed into the four state words, as the
///   xoshiro authors recommend, so that nearby seeds (0, 1, 2, …) give unrelated streams and the
///   state is never all zero.
///
/// Reference values (seed 0): the first three outputs are `0x99ec5f36cb75f2b4`, `0xbf6e1f784956452a`,
/// `0x1a5f849d4933e6e0` (pinned in `SignificanceTests`).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
    /// The four 64-bit state words.
    private var s0, s1, s2, s3: UInt64

    /// Creates a generator whose state is four successive splitmix64 outputs of `seed`.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// Creates a generator for one named sub-stream of `seed`, so that independent parts of a
    /// computation (bootstrap, permutation test) do not share random numbers.
    public init(seed: UInt64, stream: UInt64) {
        var sm = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.init(seed: sm.next())
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Returns a uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, so unbiased).
    ///
    /// - Precondition: `bound > 0`.
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound  // 2^64 mod bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
