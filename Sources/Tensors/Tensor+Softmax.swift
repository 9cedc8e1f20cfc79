/// Softmax and log-softmax over the last axis, optionally masked.
extension Tensor {
    /// Softmax over the last axis. `mask` (broadcastable to self, 1 = keep, 0 = exclude) removes entries.
    public func softmax(mask: Tensor? = nil) -> Tensor {
        let x = masked(by: mask)
        let y = Kernels.softmaxRows(x, log: false)
        return Tensor.result(y, inputs: [x]) { g in [.dense(Kernels.softmaxRowsBackward(y, g, log: false))] }
    }

    /// Log-softmax over the last axis, optionally masked like `softmax`.
    public func logSoftmax(mask: Tensor? = nil) -> Tensor {
        let x = masked(by: mask)
        let y = Kernels.softmaxRows(x, log: true)
        return Tensor.result(y, inputs: [x]) { g in [.dense(Kernels.softmaxRowsBackward(y, g, log: true))] }
    }

    /// self where `mask` is 1 and a large negative number where it is 0, like torch's `masked_fill`:
    /// no gradient flows into excluded entries or into the mask.
    private func masked(by mask: Tensor?) -> Tensor {
        guard let mask else { return self }
        let keep = mask.detached()
        return self * keep + Kernels.affine(keep, 1e30, -1e30) // (mask − 1) · 1e30
    }
}
