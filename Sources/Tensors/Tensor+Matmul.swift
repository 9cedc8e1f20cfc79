/// Matrix products through BLAS: batched matmul with transposes, and the linear layer.
extension Tensor {
    /// `op(a) · op(b)` over the last two axes, where op transposes when asked.
    ///
    /// a: [..., M, K] (or [..., K, M] with `transposeA`), b: [..., K, N] (or [..., N, K]); the leading
    /// batch axes of a and b are equal, or b is a matrix shared by every batch item. Result: [..., M, N].
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
        let batchShape = Array(a.shape.dropLast(2))
        let sharedB = b.rank == 2
        precondition(sharedB || Array(b.shape.dropLast(2)) == batchShape, "matmul batch axes differ: \(a.shape) vs \(b.shape)")
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (kb, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == kb, "matmul inner sizes differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let batch = batchShape.reduce(1, *)
        let out = Tensor(uninitializedShape: batchShape + [m, n])
        if sharedB && !transposeA {
            // one GEMM over the stacked rows of every batch item
            BLAS.sgemm(transA: false, transB: transposeB, m: batch * m, n: n, k: k, a: a.data, lda: ac, b: b.data,
                       ldb: bc, c: out.mutableData, ldc: n)
        } else {
            for i in 0..<batch {
                BLAS.sgemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, a: a.data + i * ar * ac, lda: ac,
                           b: b.data + (sharedB ? 0 : i * br * bc), ldb: bc, c: out.mutableData + i * m * n, ldc: n)
            }
        }
        return result(out, inputs: [a, b]) { g in
            // g: [..., M, N]
            var ga: Tensor?, gb: Tensor?
            if a.requiresGrad {
                let da = Tensor(uninitializedShape: a.shape)
                for i in 0..<batch {
                    let gi = g.data + i * m * n, bi = b.data + (sharedB ? 0 : i * br * bc)
                    if transposeA { // dA [K, M] = op(B) · gᵀ
                        BLAS.sgemm(transA: transposeB, transB: true, m: k, n: m, k: n, a: bi, lda: bc, b: gi, ldb: n,
                                   c: da.mutableData + i * ar * ac, ldc: ac)
                    } else {        // dA [M, K] = g · op(B)ᵀ
                        BLAS.sgemm(transA: false, transB: !transposeB, m: m, n: k, k: n, a: gi, lda: n, b: bi, ldb: bc,
                                   c: da.mutableData + i * ar * ac, ldc: ac)
                    }
                }
                ga = da
            }
            if b.requiresGrad {
                let db = sharedB ? Tensor(shape: b.shape) : Tensor(uninitializedShape: b.shape)
                for i in 0..<batch {
                    let gi = g.data + i * m * n, ai = a.data + i * ar * ac
                    let ci = db.mutableData + (sharedB ? 0 : i * br * bc)
                    let beta: Float = sharedB ? 1 : 0 // a shared matrix sums over the batch
                    if transposeB { // dB [N, K] = gᵀ · op(A)
                        BLAS.sgemm(transA: true, transB: transposeA, m: n, n: k, k: m, a: gi, lda: n, b: ai, ldb: ac,
                                   beta: beta, c: ci, ldc: bc)
                    } else {        // dB [K, N] = op(A)ᵀ · g
                        BLAS.sgemm(transA: !transposeA, transB: false, m: k, n: n, k: m, a: ai, lda: ac, b: gi, ldb: n,
                                   beta: beta, c: ci, ldc: bc)
                    }
                }
                gb = db
            }
            return [ga.map { .dense($0) }, gb.map { .dense($0) }]
        }
    }

    /// The linear layer `x · Wᵀ + b` with HF's weight layout; in a bf16 scope (`MatmulPrecision`) its three
    /// products (forward, dx, dW) take bf16 inputs and sum in fp32.
    ///
    /// x: [..., In], weight: [Out, In], bias: [Out] → [..., Out].
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let (outF, inF) = (weight.shape[0], weight.shape[1])
        precondition(x.shape.last == inF, "linear: input \(x.shape) does not end in \(inF)")
        let bf16 = MatmulPrecision.packed                                                  // captured for backward
        let (out, _) = linearForward(x, weight: weight, bias: bias, bf16: bf16, gelu: false) // [N, Out]
        let shaped = Tensor(shape: Array(x.shape.dropLast()) + [outF], storage: out.storage, requiresGrad: false, node: nil)
        return result(shaped, inputs: [x, weight] + (bias.map { [$0] } ?? [])) { g in
            // g: [N, Out]
            var grads: [Gradient?] = [
                x.requiresGrad ? .dense(linearInputGradient(g, weight: weight, bf16: bf16, shape: x.shape)) : nil,
                weight.requiresGrad ? .dense(linearWeightGradient(g, input: x, weight: weight, bf16: bf16)) : nil,
            ]
            if let bias { grads.append(bias.requiresGrad ? .dense(Kernels.sumRows(g, cols: outF)) : nil) }
            return grads
        }
    }

    /// z [N, Out] = x · Wᵀ + b, and with `gelu` also y = gelu(z) (in a bf16 scope the bias and GELU run in the
    /// product's epilogue while each block of rows is in cache; in fp32 the bias presets C for sgemm and GELU is
    /// one pass after). x: [..., In].
    static func linearForward(_ x: Tensor, weight: Tensor, bias: Tensor?, bf16: PackedWeights?,
                              gelu: Bool) -> (z: Tensor, y: Tensor?) {
        let (outF, inF) = (weight.shape[0], weight.shape[1])
        let rows = x.count / inF
        if let bf16 {
            let z = Tensor(uninitializedShape: [rows, outF])                                // [N, Out]
            let y = gelu ? Tensor(uninitializedShape: [rows, outF]) : nil                   // [N, Out]
            Kernels.gemmBF16(x.data, rowStride: inF, colStride: 1, m: rows, k: inF, packed: bf16.panels(of: weight),
                             n: outF, into: z.mutableData, ldc: outF, accumulate: false, bias: bias?.data,
                             epilogue: y.map { .gelu(into: $0.mutableData) } ?? .none)
            return (z, y)
        }
        let z = bias.map { Kernels.broadcastRows($0, rows: rows) } ?? Tensor(uninitializedShape: [rows, outF])
        BLAS.sgemm(transA: false, transB: true, m: rows, n: outF, k: inF, a: x.data, lda: inF, b: weight.data, ldb: inF,
                   beta: bias == nil ? 0 : 1, c: z.mutableData, ldc: outF)
        return (z, gelu ? Kernels.unary(.gelu, z) : nil)
    }

    /// dx = g · W with x's `shape` (g: [N, Out], weight: [Out, In]); with `geluOf` z [N, In] the result is
    /// multiplied by gelu'(z), the gradient of the pre-activation whose GELU was this layer's input (in a bf16
    /// scope inside the product's epilogue).
    static func linearInputGradient(_ g: Tensor, weight: Tensor, bf16: PackedWeights?, shape: [Int],
                                    geluOf z: Tensor? = nil) -> Tensor {
        let (outF, inF) = (weight.shape[0], weight.shape[1])
        let rows = g.count / outF
        let dx = Tensor(uninitializedShape: shape)                                          // [N, In]
        if let bf16 {
            Kernels.gemmBF16(g.data, rowStride: outF, colStride: 1, m: rows, k: outF,
                             packed: bf16.panels(of: weight, transposed: true), n: inF, into: dx.mutableData,
                             ldc: inF, accumulate: false, epilogue: z.map { .geluGrad(preActivation: $0.data) } ?? .none)
            return dx
        }
        BLAS.sgemm(transA: false, transB: false, m: rows, n: inF, k: outF, a: g.data, lda: outF, b: weight.data,
                   ldb: inF, c: dx.mutableData, ldc: inF)
        return z.map { Kernels.geluBackward($0, dx) } ?? dx
    }

    /// dW [Out, In] = gᵀ · x (g: [N, Out], x: [..., In]).
    static func linearWeightGradient(_ g: Tensor, input x: Tensor, weight: Tensor, bf16: PackedWeights?) -> Tensor {
        let (outF, inF) = (weight.shape[0], weight.shape[1])
        let rows = x.count / inF
        let dw = Tensor(uninitializedShape: weight.shape)                                   // [Out, In]
        if bf16 != nil {
            // A = gᵀ [Out, N] read in place; xᵀ [In, N] packed as the panel operand
            let xt = Kernels.packBF16(x.data, n: inF, k: rows, rowStride: 1, colStride: inF)
            Kernels.gemmBF16(g.data, rowStride: 1, colStride: outF, m: outF, k: rows, packed: xt, n: inF,
                             into: dw.mutableData, ldc: inF, accumulate: false)
        } else {
            BLAS.sgemm(transA: true, transB: false, m: outF, n: inF, k: rows, a: g.data, lda: outF, b: x.data,
                       ldb: inF, c: dw.mutableData, ldc: inF)
        }
        return dw
    }
}
