extension BinaryClassificationEvaluator {
    /// The eight metrics of one function's scores, in `metricSuffixes` order.
    ///
    /// `greaterIsBetter`: a pair is predicted a duplicate when its score is at least the threshold (false:
    /// at most, for distances).
    static func metrics(scores: [Double], positive: [Bool], greaterIsBetter: Bool) -> [Double] {
        // Best first; Python's sort is stable, and equal scores are only ever taken together.
        let order = scores.indices.sorted {
            greaterIsBetter ? scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1)
                            : scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1)
        }
        let (accuracy, accuracyThreshold) = bestAccuracy(order: order, scores: scores, positive: positive, greaterIsBetter: greaterIsBetter)
        let (f1, precision, recall, f1Threshold) = bestF1(order: order, scores: scores, positive: positive)
        let sign = greaterIsBetter ? 1.0 : -1.0
        let ap = RerankingEvaluator.averagePrecision(scores: scores.map { sign * $0 }, relevant: positive)
        let predicted = scores.map { greaterIsBetter ? $0 >= f1Threshold : $0 <= f1Threshold }
        let mcc = matthewsCorrelation(truth: positive, predicted: predicted)
        return [accuracy, accuracyThreshold, f1, f1Threshold, precision, recall, ap, mcc]
    }

    /// The threshold between sorted rows `i` and `i + 1` as ST picks it: their midpoint, or row i's score
    /// when i is last or the midpoint rounds onto row i + 1's score.
    static func cut(after i: Int, order: [Int], scores: [Double]) -> Double {
        let score = scores[order[i]]
        guard i + 1 < order.count else { return score }
        let next = scores[order[i + 1]]
        let mid = (score + next) / 2
        return mid == next ? score : mid
    }

    /// ST's `find_best_acc_and_threshold`: starting from "no duplicates" (threshold just beyond the best
    /// score, one float32 step), the first strictly better accuracy at each distinct score.
    static func bestAccuracy(order: [Int], scores: [Double], positive: [Bool], greaterIsBetter: Bool) -> (Double, Double) {
        let n = Double(order.count)
        var remainingNegatives = positive.filter { !$0 }.count
        var positivesSoFar = 0
        var best = Double(remainingNegatives) / n
        let first = Float(scores[order[0]])
        var threshold = Double(greaterIsBetter ? first.nextUp : first.nextDown)
        for (i, j) in order.enumerated() {
            if positive[j] { positivesSoFar += 1 } else { remainingNegatives -= 1 }
            if i + 1 < order.count, scores[order[i + 1]] == scores[j] { continue }
            let accuracy = Double(positivesSoFar + remainingNegatives) / n
            if accuracy > best {
                best = accuracy
                threshold = cut(after: i, order: order, scores: scores)
            }
        }
        return (best, threshold)
    }

    /// ST's `find_best_f1_and_threshold`: the first strictly best F1 at each distinct score, with its
    /// precision, recall and threshold (all 0 when no threshold finds a duplicate).
    static func bestF1(order: [Int], scores: [Double], positive: [Bool]) -> (Double, Double, Double, Double) {
        let totalPositives = Double(positive.filter { $0 }.count)
        var best = (f1: 0.0, precision: 0.0, recall: 0.0, threshold: 0.0)
        var extracted = 0, correct = 0
        for (i, j) in order.enumerated() {
            extracted += 1
            if positive[j] { correct += 1 }
            if i + 1 < order.count, scores[order[i + 1]] == scores[j] { continue }
            guard correct > 0 else { continue }
            let precision = Double(correct) / Double(extracted)
            let recall = Double(correct) / totalPositives
            let f1 = 2 * precision * recall / (precision + recall)
            if f1 > best.f1 { best = (f1, precision, recall, cut(after: i, order: order, scores: scores)) }
        }
        return (best.f1, best.precision, best.recall, best.threshold)
    }

    /// sklearn's `matthews_corrcoef` for two classes: (tp·tn − fp·fn) / √((tp+fp)(tp+fn)(tn+fp)(tn+fn)), 0 when
    /// a factor is 0.
    static func matthewsCorrelation(truth: [Bool], predicted: [Bool]) -> Double {
        var tp = 0.0, tn = 0.0, fp = 0.0, fn = 0.0
        for (t, p) in zip(truth, predicted) {
            switch (t, p) {
            case (true, true): tp += 1
            case (false, false): tn += 1
            case (false, true): fp += 1
            case (true, false): fn += 1
            }
        }
        let denominator = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)).squareRoot()
        return denominator == 0 ? 0 : (tp * tn - fp * fn) / denominator
    }
}
