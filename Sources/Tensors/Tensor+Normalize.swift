/// L2 normalisation and cosine similarity.
extension Tensor {
    /// Each row of the last axis divided by its L2 norm (at least `eps`, as torch's `F.normalize`).
    public func l2Normalized(eps: Float = 1e-12) -> Tensor {
        let (y, norms) = Kernels.l2NormalizeRows(self, eps: eps)
        return Tensor.result(y, inputs: [self]) { g in [.dense(Kernels.l2NormalizeRowsBackward(y, norms: norms, gy: g, eps: eps))] }
    }

    /// Cosine similarity of every row of `a` [N, C] with every row of `b` [M, C] → [N, M].
    public static func cosineSimilarityMatrix(_ a: Tensor, _ b: Tensor) -> Tensor {
        matmul(a.l2Normalized(eps: 1e-8), b.l2Normalized(eps: 1e-8), transposeB: true)
    }
}
