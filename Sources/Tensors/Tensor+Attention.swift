/// Multi-head scaled dot-product attention, fused (softmax and dropout inside one kernel).
extension Tensor {
    /// softmax(q·kᵀ · scale + bias + mask) · v per head, with dropout `p` on the probabilities.
    ///
    /// q, k, v: [B, T, H·D] with heads side by side as BERT's projections produce them;
    /// keyMask: [B, T] (1 = token, 0 = padding); bias: [H, T, T], shared by every batch row and added to the
    /// scaled scores before the mask (MPNet's relative position bias), differentiable; nil for none.
    /// Result: [B, T, H·D].
    public static func attention(
        q: Tensor, k: Tensor, v: Tensor, keyMask: Tensor, bias: Tensor? = nil, heads: Int, dropout p: Float = 0,
        seed: UInt64 = 0
    ) -> Tensor {
        precondition(q.rank == 3 && q.shape == k.shape && q.shape == v.shape, "attention: q, k, v shapes \(q.shape) \(k.shape) \(v.shape)")
        precondition(keyMask.shape == [q.shape[0], q.shape[1]], "attention: mask \(keyMask.shape) for \(q.shape)")
        precondition(q.shape[2] % heads == 0, "attention: \(q.shape[2]) features do not split into \(heads) heads")
        if let bias {
            precondition(bias.shape == [heads, q.shape[1], q.shape[1]], "attention: bias \(bias.shape) for \(heads) heads of \(q.shape)")
        }
        let scale = 1 / Float(q.shape[2] / heads).squareRoot()
        let (out, probs) = Kernels.attention(q: q, k: k, v: v, keyMask: keyMask, bias: bias, heads: heads, // [B, T, H·D], [B, H, T, T]
                                             scale: scale, dropout: p, seed: seed)
        let biasNeedsGrad = bias?.requiresGrad ?? false
        return result(out, inputs: [q, k, v] + (bias.map { [$0] } ?? [])) { g in
            let (gq, gk, gv, gbias) = Kernels.attentionBackward(q: q, k: k, v: v, probs: probs, gout: g, heads: heads,
                                                                scale: scale, dropout: p, seed: seed,
                                                                biasGradient: biasNeedsGrad)
            return [.dense(gq), .dense(gk), .dense(gv)] + (bias == nil ? [] : [gbias.map { .dense($0) }])
        }
    }
}
