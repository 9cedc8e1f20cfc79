import Foundation

extension ClusteringEvaluator {
    /// scikit-learn's `v_measure_score(gold, predicted)` (β = 1): the harmonic mean of homogeneity
    /// `MI / H(gold)` and completeness `MI / H(predicted)`, each 1 where its entropy is 0, natural logarithms.
    ///
    /// Computed as `mutual_info_score` does, term by term over the non-empty contingency cells, with terms
    /// below machine epsilon set to 0 and the sum clipped at 0. Empty inputs score 1.
    static func vMeasure<G: Hashable, P: Hashable>(gold: [G], predicted: [P]) -> Double {
        precondition(gold.count == predicted.count, "gold and predicted pair up")
        guard !gold.isEmpty else { return 1 }
        var goldIndex = [G: Int](), predictedIndex = [P: Int]()
        var cells = [Int: Int]() // goldIndex * P + predictedIndex → count, filled below
        var pairs = [(Int, Int)]()
        for (g, p) in zip(gold, predicted) {
            let gi = goldIndex[g] ?? { goldIndex[g] = goldIndex.count; return goldIndex.count - 1 }()
            let pi = predictedIndex[p] ?? { predictedIndex[p] = predictedIndex.count; return predictedIndex.count - 1 }()
            pairs.append((gi, pi))
        }
        let nP = predictedIndex.count
        var rowSums = [Int](repeating: 0, count: goldIndex.count), columnSums = [Int](repeating: 0, count: nP)
        for (gi, pi) in pairs {
            cells[gi * nP + pi, default: 0] += 1
            rowSums[gi] += 1
            columnSums[pi] += 1
        }
        let n = Double(gold.count)
        func entropy(_ counts: [Int]) -> Double {
            guard counts.count > 1 else { return 0 }
            var h = 0.0
            for c in counts { h += (Double(c) / n) * (log(Double(c)) - log(n)) }
            return -h
        }
        let hGold = entropy(rowSums), hPredicted = entropy(columnSums)
        var mi = 0.0
        if rowSums.count > 1, nP > 1 {
            for (cell, count) in cells.sorted(by: { $0.key < $1.key }) {
                let outer = Double(rowSums[cell / nP] * columnSums[cell % nP])
                let nm = Double(count) / n
                let term = nm * (log(Double(count)) - log(n)) + nm * (-log(outer) + log(n) + log(n))
                if abs(term) >= Double.ulpOfOne { mi += term }
            }
            mi = max(mi, 0)
        }
        let homogeneity = hGold != 0 ? mi / hGold : 1
        let completeness = hPredicted != 0 ? mi / hPredicted : 1
        return homogeneity + completeness == 0 ? 0 : 2 * homogeneity * completeness / (homogeneity + completeness)
    }
}
