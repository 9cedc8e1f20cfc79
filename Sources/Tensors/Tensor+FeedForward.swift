/// BERT's feed-forward network as one node: two linear layers with GELU between, bias and GELU fused into the
/// products (the composed `linear(linear(x).gelu())` is its test oracle).
extension Tensor {
    /// `gelu(x · W₁ᵀ + b₁) · W₂ᵀ + b₂`, the block's `intermediate.dense` then `output.dense`.
    ///
    /// In a bf16 scope the first product adds b₁ and applies GELU in its epilogue, and in the backward pass the
    /// product g · W₂ multiplies by gelu′(z) in its epilogue, so neither GELU pass nor its gradient makes a trip
    /// through memory of its own. The saved tensors are those of the composed layers: x, z = x · W₁ᵀ + b₁ and
    /// y = gelu(z). In fp32 the same steps run as separate passes with the same kernels.
    ///
    /// x: [..., H], intermediate: ([I, H], [I]), output: ([H, I], [H]) → [..., H].
    public static func feedForward(_ x: Tensor, intermediate: (weight: Tensor, bias: Tensor),
                                   output: (weight: Tensor, bias: Tensor)) -> Tensor {
        let (w1, b1, w2, b2) = (intermediate.weight, intermediate.bias, output.weight, output.bias)
        let (inner, outF) = (w1.shape[0], w2.shape[0])
        precondition(x.shape.last == w1.shape[1] && w2.shape[1] == inner,
                     "feedForward: input \(x.shape), intermediate \(w1.shape), output \(w2.shape)")
        let bf16 = MatmulPrecision.packed                                                   // captured for backward
        let (z, y) = linearForward(x, weight: w1, bias: b1, bf16: bf16, gelu: true)         // [N, I], [N, I]
        let (out, _) = linearForward(y!, weight: w2, bias: b2, bf16: bf16, gelu: false)     // [N, H]
        let shaped = Tensor(shape: Array(x.shape.dropLast()) + [outF], storage: out.storage, requiresGrad: false, node: nil)
        return result(shaped, inputs: [x, w1, b1, w2, b2]) { g in
            // g: [N, H]
            let hidden = y!
            let dw2 = w2.requiresGrad ? linearWeightGradient(g, input: hidden, weight: w2, bf16: bf16) : nil  // [H, I]
            let db2 = b2.requiresGrad ? Kernels.sumRows(g, cols: outF) : nil                                    // [H]
            guard x.requiresGrad || w1.requiresGrad || b1.requiresGrad else {
                return [nil, nil, nil, dw2.map { .dense($0) }, db2.map { .dense($0) }]
            }
            let dz = linearInputGradient(g, weight: w2, bf16: bf16, shape: z.shape, geluOf: z)              // [N, I]
            return [
                x.requiresGrad ? .dense(linearInputGradient(dz, weight: w1, bf16: bf16, shape: x.shape)) : nil,
                w1.requiresGrad ? .dense(linearWeightGradient(dz, input: x, weight: w1, bf16: bf16)) : nil,
                b1.requiresGrad ? .dense(Kernels.sumRows(dz, cols: inner)) : nil,
                dw2.map { .dense($0) }, db2.map { .dense($0) },
            ]
        }
    }
}
