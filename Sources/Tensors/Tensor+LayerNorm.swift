/// Layer normalisation over the last axis, fused (the composed version is its test oracle).
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
}
