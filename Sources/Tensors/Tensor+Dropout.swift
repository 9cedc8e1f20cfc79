/// Dropout with a seeded, counter-based mask: the same seed drops the same elements on every run.
extension Tensor {
    /// Zeroes each element with probability `p` and scales the rest by 1/(1−p); identity when p = 0.
    public func dropout(p: Float, seed: UInt64) -> Tensor {
        guard p > 0 else { return self }
        precondition(p < 1, "dropout probability must be below 1, got \(p)")
        return Tensor.result(Kernels.dropout(self, p: p, seed: seed), inputs: [self]) { g in
            [.dense(Kernels.dropout(g, p: p, seed: seed))] // same mask, same scale
        }
    }
}
