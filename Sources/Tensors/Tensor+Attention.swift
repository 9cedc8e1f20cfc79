/// Multi-head scaled dot-product attention, fused (softmax and dropout inside one kernel).
extension Tensor {
    /// softmax(q·kᵀ · scale + bias + mask) · v per head and sequence, with dropout `p` on the probabilities.
    ///
    /// q, k, v: [ΣT, H·D], the sequences of `packing` back to back, heads side by side as BERT's projections produce
    /// them; each sequence attends within itself. keyMask: [B, T] (1 = token, 0 = padding) for a padded packing
    /// whose padding is not at the end, nil otherwise; bias: [H, T, T], shared by every sequence and added to the
    /// scaled scores before the mask (MPNet's relative position bias), differentiable; nil for none.
    /// Result: [ΣT, H·D].
    public static func attention(
        q: Tensor, k: Tensor, v: Tensor, packing: SequencePacking, keyMask: Tensor? = nil, bias: Tensor? = nil,
        heads: Int, dropout p: Float = 0, seed: UInt64 = 0
    ) -> Tensor {
        precondition(q.rank == 2 && q.shape == k.shape && q.shape == v.shape, "attention: q, k, v shapes \(q.shape) \(k.shape) \(v.shape)")
        precondition(q.shape[0] == packing.rows, "attention: \(q.shape[0]) rows for \(packing.rows) packed tokens")
        precondition(keyMask == nil || (packing.isPadded && keyMask!.shape == [packing.batchSize, packing.maxLength]),
                     "attention: a key mask needs the padded layout, got \(keyMask!.shape) for \(packing.lengths)")
        precondition(q.shape[1] % heads == 0, "attention: \(q.shape[1]) features do not split into \(heads) heads")
        let t = packing.maxLength
        if let bias {
            precondition(bias.shape == [heads, t, t], "attention: bias \(bias.shape) for \(heads) heads of length \(t)")
        }
        let scale = 1 / Float(q.shape[1] / heads).squareRoot()
        let (out, probs) = Kernels.attention(q: q, k: k, v: v, packing: packing, keyMask: keyMask, bias: bias, // [ΣT, H·D], [Σ H·T_b²]
                                             heads: heads, scale: scale, dropout: p, seed: seed)
        let biasNeedsGrad = bias?.requiresGrad ?? false
        return result(out, inputs: [q, k, v] + (bias.map { [$0] } ?? [])) { g in
            let (gq, gk, gv, gbias) = Kernels.attentionBackward(q: q, k: k, v: v, probs: probs, gout: g, packing: packing,
                                                                heads: heads, scale: scale, dropout: p, seed: seed,
                                                                biasGradient: biasNeedsGrad)
            return [.dense(gq), .dense(gk), .dense(gv)] + (bias == nil ? [] : [gbias.map { .dense($0) }])
        }
    }

    /// The same attention over a padded batch: q, k, v [B, T, H·D], keyMask [B, T] → [B, T, H·D].
    public static func attention(
        q: Tensor, k: Tensor, v: Tensor, keyMask: Tensor, bias: Tensor? = nil, heads: Int, dropout p: Float = 0,
        seed: UInt64 = 0
    ) -> Tensor {
        precondition(q.rank == 3, "attention: q, k, v shapes \(q.shape) \(k.shape) \(v.shape)")
        let (b, t, hd) = (q.shape[0], q.shape[1], q.shape[2])
        let flat = { (x: Tensor) in x.reshaped([b * t, hd]) }                                 // [B·T, H·D]
        return attention(q: flat(q), k: flat(k), v: flat(v), packing: .padded(batch: b, length: t), keyMask: keyMask,
                         bias: bias, heads: heads, dropout: p, seed: seed)
            .reshaped([b, t, hd])                                                            // [B, T, H·D]
    }
}
