/// Multi-head scaled dot-product attention, fused (softmax and dropout inside one kernel).
extension Tensor {
    /// softmax(q·kᵀ · scale + mask) · v per head, with dropout `p` on the probabilities.
    ///
    /// q, k, v: [B, T, H·D] with heads side by side as BERT's projections produce them;
    /// keyMask: [B, T] (1 = token, 0 = padding). Result: [B, T, H·D].
    public static func attention(
        q: Tensor, k: Tensor, v: Tensor, keyMask: Tensor, heads: Int, dropout p: Float = 0, seed: UInt64 = 0
    ) -> Tensor {
        precondition(q.rank == 3 && q.shape == k.shape && q.shape == v.shape, "attention: q, k, v shapes \(q.shape) \(k.shape) \(v.shape)")
        precondition(keyMask.shape == [q.shape[0], q.shape[1]], "attention: mask \(keyMask.shape) for \(q.shape)")
        precondition(q.shape[2] % heads == 0, "attention: \(q.shape[2]) features do not split into \(heads) heads")
        let scale = 1 / Float(q.shape[2] / heads).squareRoot()
        let (out, probs) = Kernels.attention(q: q, k: k, v: v, keyMask: keyMask, heads: heads, scale: scale, dropout: p, seed: seed)
        return result(out, inputs: [q, k, v]) { g in
            let (gq, gk, gv) = Kernels.attentionBackward(q: q, k: k, v: v, probs: probs, gout: g, heads: heads,
                                                         scale: scale, dropout: p, seed: seed)
            return [.dense(gq), .dense(gk), .dense(gv)]
        }
    }
}
