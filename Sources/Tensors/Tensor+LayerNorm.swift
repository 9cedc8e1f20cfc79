/// Layer normalisation over the last axis, alone or after a residual sum, fused (the composed versions are
/// their test oracles).
extension Tensor {
    /// `(x − mean) / √(var + eps) · gamma + beta` per row of the last axis; gamma, beta: [C].
    public func layerNorm(gamma: Tensor, beta: Tensor, eps: Float) -> Tensor {
        precondition(gamma.count == shape.last && beta.count == shape.last, "layerNorm: gamma/beta do not match \(shape)")
        let (y, mean, rstd) = Kernels.layerNorm(self, gamma: gamma, beta: beta, eps: eps)
        return Tensor.result(y, inputs: [self, gamma, beta]) { g in
            let (gx, dgamma, dbeta) = Kernels.layerNormBackward(self, gamma: gamma, mean: mean, rstd: rstd, gy: g)
            return [.dense(gx), .dense(dgamma), .dense(dbeta)]
        }
    }

    /// `(self + residual).layerNorm(…)`, the post-norm block's "residual + LayerNorm", with the sum and its
    /// normalisation in one pass per row; the sum is kept for the backward pass, which sends the same gradient
    /// to both addends. Bit-identical to the composed version. self, residual: [..., C]; gamma, beta: [C].
    public func layerNorm(adding residual: Tensor, gamma: Tensor, beta: Tensor, eps: Float) -> Tensor {
        precondition(residual.shape == shape, "layerNorm(adding:): \(residual.shape) does not match \(shape)")
        precondition(gamma.count == shape.last && beta.count == shape.last, "layerNorm: gamma/beta do not match \(shape)")
        let (sum, y, mean, rstd) = Kernels.addLayerNorm(self, residual, gamma: gamma, beta: beta, eps: eps)
        return Tensor.result(y, inputs: [self, residual, gamma, beta]) { g in
            let (gx, dgamma, dbeta) = Kernels.layerNormBackward(sum, gamma: gamma, mean: mean, rstd: rstd, gy: g)
            return [.dense(gx), .dense(gx), .dense(dgamma), .dense(dbeta)]
        }
    }
}
