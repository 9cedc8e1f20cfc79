/// Pearson and Spearman correlation coefficients, computed as scipy's `pearsonr` and `spearmanr`.
///
/// Both are NaN when either input is constant or holds a NaN (scipy warns and returns NaN); Spearman
/// ranks with ties given their average rank (`scipy.stats.rankdata(method="average")`).
public enum Correlation {
    /// Pearson's r of two equally long samples (at least two values each).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count && x.count >= 2, "pearson needs two samples of equal length ≥ 2")
        if isConstant(x) || isConstant(y) { return .nan }
        return coefficient(x, y)
    }

    /// Spearman's ρ: Pearson's r of the average ranks.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count && x.count >= 2, "spearman needs two samples of equal length ≥ 2")
        if isConstant(x) || isConstant(y) || x.contains(where: \.isNaN) || y.contains(where: \.isNaN) { return .nan }
        return coefficient(averageRanks(x), averageRanks(y))
    }

    /// The 1-based ranks of `values`, tied values sharing the mean of the ranks they span.
    ///
    /// `averageRanks([10, 20, 20, 5])` is `[2, 3.5, 3.5, 1]`; with a NaN every rank is NaN (as scipy).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        if values.contains(where: \.isNaN) { return [Double](repeating: .nan, count: values.count) }
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let rank = Double(start + 1 + end) / 2 // mean of start+1 … end
            for i in start..<end { ranks[order[i]] = rank }
            start = end
        }
        return ranks
    }

    static func isConstant(_ x: [Double]) -> Bool { x.allSatisfy { $0 == x[0] } }

    /// Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²) as scipy forms it: centred, scaled by the largest |x−x̄|, clipped to [−1, 1].
    static func coefficient(_ x: [Double], _ y: [Double]) -> Double {
        let xm = centred(x), ym = centred(y)
        let nx = norm(xm), ny = norm(ym)
        var r = 0.0
        for i in xm.indices { r += (xm[i] / nx) * (ym[i] / ny) }
        if r.isNaN { return .nan }
        return min(max(r, -1), 1)
    }

    static func centred(_ x: [Double]) -> [Double] {
        let mean = x.reduce(0, +) / Double(x.count)
        return x.map { $0 - mean }
    }

    static func norm(_ x: [Double]) -> Double {
        let scale = x.reduce(0) { max($0, abs($1)) }
        guard scale > 0 else { return 0 }
        return scale * x.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
    }
}
