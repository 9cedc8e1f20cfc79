import Foundation

extension RerankingEvaluator {
    /// The candidates grouped by equal score, best group first: each group's candidate indices.
    static func tieGroups(_ scores: [Double]) -> [[Int]] {
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var groups: [[Int]] = []
        for j in order {
            if let last = groups.last?.last, scores[last] == scores[j] { groups[groups.count - 1].append(j) } else { groups.append([j]) }
        }
        return groups
    }

    /// sklearn's `average_precision_score`: Σ over distinct scores, best first, of (recall gained) × precision
    /// at that score, tied candidates entering together.
    static func averagePrecision(scores: [Double], relevant: [Bool]) -> Double {
        let total = Double(relevant.filter { $0 }.count)
        var seen = 0, hits = 0, ap = 0.0
        for group in tieGroups(scores) {
            let gained = group.filter { relevant[$0] }.count
            seen += group.count
            hits += gained
            if gained > 0 { ap += Double(gained) / total * Double(hits) / Double(seen) }
        }
        return ap
    }

    /// 1 / rank of the first relevant candidate in the top k, ties kept in input order (0 when none).
    static func reciprocalRank(scores: [Double], relevant: [Bool], k: Int) -> Double {
        let order = tieGroups(scores).joined()
        for (rank, j) in order.prefix(k).enumerated() where relevant[j] { return 1 / Double(rank + 1) }
        return 0
    }

    /// sklearn's `ndcg_score` with binary gains and cut-off k: each tie group's mean gain times the sum of
    /// its ranks' discounts 1/log₂(rank+1) (0 beyond k), over the DCG of the ideal order.
    static func ndcg(scores: [Double], relevant: [Bool], k: Int) -> Double {
        func discount(_ rank: Int) -> Double { rank < k ? 1 / log2(Double(rank) + 2) : 0 } // rank from 0
        var dcg = 0.0, start = 0
        for group in tieGroups(scores) {
            let gain = Double(group.filter { relevant[$0] }.count) / Double(group.count)
            dcg += gain * (start..<(start + group.count)).reduce(0.0) { $0 + discount($1) }
            start += group.count
        }
        let ideal = (0..<relevant.filter { $0 }.count).reduce(0.0) { $0 + discount($1) }
        return ideal > 0 ? dcg / ideal : 0
    }
}
