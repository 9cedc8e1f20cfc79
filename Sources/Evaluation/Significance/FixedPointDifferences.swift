/// Per-query differences `d[i] = b[i] − a[i]` held as exact 128-bit multiples of one power of two.
///
/// Sums of ±d[i] are then exact and independent of order: the exact sign-flip test can walk all 2^n
/// sign vectors incrementally (Gray code) without rounding drift, and values that are equal in theory
/// (ties, very common with nDCG-like scores) compare equal in practice. Every finite Double is an
/// integer times a power of two; the grid `2^exponent` is the finest one that keeps the sum of `n`
/// terms inside `Int128`. Only when the differences span more than ~100 binary orders of magnitude are
/// the smallest ones rounded to that grid (a relative error below 2^-100 of the largest).
struct FixedPointDifferences: Sendable {
    /// `d[i] / 2^exponent`, exact unless the magnitudes span too widely (see the type's summary).
    let values: [Int128]
    /// The power of two that one unit of `values` stands for.
    let exponent: Int
    /// `Σ values[i]`, the observed statistic in grid units (n times the mean difference).
    let sum: Int128

    /// Converts the differences `b[i] − a[i]` (each rounded once, as Double subtraction does).
    init(a: [Double], b: [Double]) {
        precondition(a.count == b.count && !a.isEmpty)
        let d = zip(b, a).map { $0 - $1 }
        let nonzero = d.filter { $0 != 0 }
        guard let largest = nonzero.map({ $0.magnitude }).max() else {
            values = Array(repeating: 0, count: d.count)
            exponent = 0
            sum = 0
            return
        }
        // Bits available per term: 126 value bits, minus room for the sum of n terms.
        let headroom = Int.bitWidth - (d.count - 1).leadingZeroBitCount + 1
        let valueBits = 126 - headroom
        let top = Int(largest.exponent) + 1  // |d| < 2^top
        let finest = nonzero.map { Int($0.exponent) - $0.significandWidth }.min()!  // lowest set bit
        let exponent = max(finest, top - valueBits)
        values = d.map { x in
            guard x != 0 else { return 0 }
            let scaled = Double(sign: x.sign, exponent: x.exponent - exponent, significand: x.significand)
            return Int128(scaled.rounded(.toNearestOrEven))
        }
        self.exponent = exponent
        sum = values.reduce(0, +)
    }

    /// The number of differences.
    var count: Int { values.count }

    /// The mean difference for a sum in grid units: `total · 2^exponent / n`.
    func mean(ofSum total: Int128) -> Double {
        let d = Double(total)
        guard d != 0 else { return 0 }
        return Double(sign: d.sign, exponent: d.exponent + exponent, significand: d.significand) / Double(count)
    }

    /// The tie tolerance scipy uses, `100 · ε · |observed|`, converted to grid units and rounded down.
    ///
    /// scipy's `permutation_test` counts a null value as "at least as extreme" when it is within
    /// this relative tolerance of the observed statistic, so that values equal in theory but not in
    /// floating point are treated as ties. With exact sums the tolerance only matters for genuine
    /// near-ties, which are kept for fidelity to scipy.
    var tieTolerance: Int128 {
        let tolerance = Double(sum.magnitude) * 100 * Double.ulpOfOne
        return Int128(tolerance.rounded(.down))
    }
}
