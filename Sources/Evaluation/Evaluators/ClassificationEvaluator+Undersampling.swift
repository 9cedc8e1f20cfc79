extension ClassificationEvaluator {
    /// The training indices of every experiment, as MTEB's `_undersample_data` picks them.
    ///
    /// MTEB keeps one index list across experiments: each experiment shuffles it in place with a fresh
    /// `np.random.RandomState(seed)` (so experiment `e` sees the permutation applied `e + 1` times), then walks
    /// it and keeps an index while its label has fewer than `samplesPerLabel` kept. The indices come out in
    /// that walk's order.
    func undersampledIndices() -> [[Int]] {
        var order = Array(trainTexts.indices)
        return (0..<nExperiments).map { _ in
            var random = NumPyRandomState(seed: seed)
            random.shuffle(&order)
            var kept = [String: Int]()
            var picked = [Int]()
            for i in order where kept[trainLabels[i], default: 0] < samplesPerLabel {
                picked.append(i)
                kept[trainLabels[i], default: 0] += 1
            }
            return picked
        }
    }
}
