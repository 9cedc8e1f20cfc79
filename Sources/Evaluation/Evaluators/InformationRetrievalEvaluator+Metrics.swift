import Foundation

/// The per-query metrics of `InformationRetrievalEvaluator`, with ST's definitions.
extension InformationRetrievalEvaluator {
    /// Every metric of one query, in `metricNames` order.
    ///
    /// - Parameters:
    ///   - isRelevant: whether each ranked document (best first, up to `maxK`) is relevant.
    ///   - relevantCount: the number of relevant ids (those missing from the corpus included).
    func queryMetrics(isRelevant: [Bool], relevantCount: Int) -> [Double] {
        func hitsInTop(_ k: Int) -> Int { isRelevant.prefix(k).count(where: { $0 }) }
        var values: [Double] = []
        for k in accuracyAtK { values.append(hitsInTop(k) > 0 ? 1 : 0) }
        for k in precisionRecallAtK { values.append(Double(hitsInTop(k)) / Double(k)) }
        for k in precisionRecallAtK { values.append(Double(hitsInTop(k)) / Double(relevantCount)) }
        for k in ndcgAtK {
            let ideal = Self.dcg(ones: min(relevantCount, k))
            values.append(Self.dcg(isRelevant.prefix(k)) / ideal)
        }
        for k in mrrAtK {
            let first = isRelevant.prefix(k).firstIndex(of: true)
            values.append(first.map { 1 / Double($0 + 1) } ?? 0)
        }
        for k in mapAtK {
            var correct = 0, sum = 0.0
            for (rank, relevant) in isRelevant.prefix(k).enumerated() where relevant {
                correct += 1
                sum += Double(correct) / Double(rank + 1)
            }
            values.append(sum / Double(min(k, relevantCount)))
        }
        return values
    }

    /// Binary-gain DCG, Σ relᵢ / log₂(i + 2) over 0-based ranks i.
    static func dcg(_ isRelevant: ArraySlice<Bool>) -> Double {
        var sum = 0.0
        for (i, relevant) in isRelevant.enumerated() { sum += (relevant ? 1 : 0) / log2(Double(i + 2)) }
        return sum
    }

    /// The DCG of `count` relevant documents at the top: the ideal DCG.
    static func dcg(ones count: Int) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += 1 / log2(Double(i + 2)) }
        return sum
    }
}
