extension ClassificationEvaluator {
    /// scikit-learn's accuracy and macro / support-weighted precision, recall and F1 of one prediction.
    ///
    /// The labels are those of `gold` and `predicted` together (sorted as numpy sorts strings); a ratio
    /// with a zero denominator counts as 0 (scikit-learn's `zero_division="warn"` value); F1 is
    /// `2·tp / (2·tp + fp + fn)`, so a label that is never predicted has F1 0 and still counts in the macro mean.
    static func scores(gold: [String], predicted: [String]) -> [String: Double] {
        let labels = sortedLabels(gold + predicted)
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) })
        var tp = [Int](repeating: 0, count: labels.count), predictedCount = tp, support = tp
        var hits = 0
        for (g, p) in zip(gold, predicted) {
            let gi = index[g]!, pi = index[p]!
            support[gi] += 1
            predictedCount[pi] += 1
            if gi == pi { tp[gi] += 1; hits += 1 }
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        let precision = labels.indices.map { ratio(tp[$0], predictedCount[$0]) }
        let recall = labels.indices.map { ratio(tp[$0], support[$0]) }
        let f1 = labels.indices.map { ratio(2 * tp[$0], 2 * tp[$0] + (predictedCount[$0] - tp[$0]) + (support[$0] - tp[$0])) }
        let total = Double(gold.count)
        func macro(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        func weighted(_ v: [Double]) -> Double { zip(v, support).reduce(0) { $0 + $1.0 * Double($1.1) } / total }
        return [
            "accuracy": Double(hits) / total,
            "f1": macro(f1), "f1_weighted": weighted(f1),
            "precision": macro(precision), "precision_weighted": weighted(precision),
            "recall": macro(recall), "recall_weighted": weighted(recall),
        ]
    }
}
