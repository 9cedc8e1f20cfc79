extension Loss {
    /// Whether the loss treats the other rows of a batch as negatives, so a batch must not repeat a text
    /// (the trainer then samples batches without duplicates, as sentence-transformers' NO_DUPLICATES).
    var usesInBatchNegatives: Bool {
        if self is MultipleNegativesRankingLoss { return true }
        if let m = self as? MatryoshkaLoss { return m.inner.usesInBatchNegatives }
        return false
    }
}
