import Foundation
import Testing
@testable import Tensors
import TestSupport

/// Fused kernels against their composed versions and against libm.
@Suite struct OracleTests {
    var random = SplitMix64(seed: 3)

    @Test func expAndErfApproximationsMatchLibm() {
        var worstExp: Float = 0, worstErf: Float = 0
        for i in 0...20_000 {
            let x = -80 + Float(i) * 0.008
            let exact = Foundation.exp(Double(x))
            worstExp = max(worstExp, Float(abs(Double(Kernels.fastExp(x)) - exact) / exact))
            let e = -6 + Float(i) * 0.0006
            worstErf = max(worstErf, abs(Kernels.erf(e) - Foundation.erf(e)))
        }
        #expect(worstExp < 3e-7)
        #expect(worstErf < 3e-7)
    }

    @Test mutating func geluMatchesExactErf() {
        let x = random.tensor([1000], -8, 8, parameter: false)
        let y = x.gelu()
        for (xi, yi) in zip(x.scalars, y.scalars) {
            let exact = 0.5 * Double(xi) * (1 + Foundation.erf(Double(xi) / 2.0.squareRoot()))
            #expect(abs(Double(yi) - exact) < 1e-6)
        }
    }

    @Test mutating func layerNormMatchesComposition() {
        let x = random.tensor([5, 16], -3, 3), g = random.tensor([16]), b = random.tensor([16])
        let fused = x.layerNorm(gamma: g, beta: b, eps: 1e-5)
        let mean = x.mean(axis: -1, keepDims: true)
        let centered = x - mean
        let variance = (centered * centered).mean(axis: -1, keepDims: true)
        let composed = centered * (variance + 1e-5).rsqrt() * g + b
        expectClose(fused, composed, 1e-5)
        // and the gradients agree
        let r = random.tensor([5, 16], parameter: false)
        let gf = (fused * r).sum().backward(), gc = (composed * r).sum().backward()
        for p in [x, g, b] { expectClose(gf[p]!, gc[p]!, 1e-4) }
    }

    /// Residual + LayerNorm in one pass equals the sum then LayerNorm, bit for bit, values and gradients.
    @Test mutating func residualLayerNormMatchesComposition() {
        let a = random.tensor([13, 40], -3, 3), r = random.tensor([13, 40], -3, 3)
        let g = random.tensor([40]), b = random.tensor([40])
        let fused = a.layerNorm(adding: r, gamma: g, beta: b, eps: 1e-12)
        let composed = (a + r).layerNorm(gamma: g, beta: b, eps: 1e-12)
        #expect(fused.scalars == composed.scalars)
        let w = random.tensor([13, 40], parameter: false)
        let gf = (fused * w).sum().backward(), gc = (composed * w).sum().backward()
        for p in [a, r, g, b] { #expect(gf[p]!.scalars == gc[p]!.scalars) }
    }

    /// BERT's feed-forward network as one node equals `linear(linear(x).gelu())` bit for bit, in fp32 and in a
    /// bf16 scope (where the bias and GELU run in the products' epilogues and GELU's gradient in the dx product's,
    /// with the same element-wise kernels). 37 rows (not a multiple of the kernel's 8), an inner size of 600
    /// (the second product's K is chunked).
    @Test mutating func feedForwardMatchesComposition() {
        let (rows, h, inner) = (37, 48, 600)
        let x = random.tensor([rows, h]), w1 = random.tensor([inner, h], -0.3, 0.3), b1 = random.tensor([inner])
        let w2 = random.tensor([h, inner], -0.1, 0.1), b2 = random.tensor([h])
        let weights = random.tensor([rows, h], parameter: false)
        func run(_ fusedOp: Bool) -> [[Float]] {
            let y = fusedOp
                ? Tensor.feedForward(x, intermediate: (w1, b1), output: (w2, b2))
                : Tensor.linear(Tensor.linear(x, weight: w1, bias: b1).gelu(), weight: w2, bias: b2)
            let grads = (y * weights).sum().backward()
            return [y.scalars] + [x, w1, b1, w2, b2].map { grads[$0]!.scalars }
        }
        #expect(run(true) == run(false))
        let (fused, composed) = MatmulPrecision.withBF16 { (run(true), run(false)) }
        #expect(fused == composed)
        #expect(MatmulPrecision.bf16Accelerated ? fused != run(false) : true)   // the scope did round to bf16
    }

    @Test mutating func softmaxMatchesComposition() {
        let x = random.tensor([4, 7], -4, 4)
        let e = (x - x.max(axis: -1, keepDims: true)).exp()
        expectClose(x.softmax(), e / e.sum(axis: -1, keepDims: true), 1e-6)
        expectClose(x.logSoftmax(), x.softmax().log(), 1e-5)
    }

    @Test mutating func attentionMatchesComposition() {
        let (bsz, t, h, d) = (2, 4, 3, 2)
        let q = random.tensor([bsz, t, h * d]), k = random.tensor([bsz, t, h * d]), v = random.tensor([bsz, t, h * d])
        let mask = Tensor(shape: [bsz, t], scalars: [1, 1, 1, 0, 1, 1, 1, 1])
        let fused = Tensor.attention(q: q, k: k, v: v, keyMask: mask, heads: h)
        func heads(_ x: Tensor) -> Tensor { x.reshaped([bsz, t, h, d]).permuted([0, 2, 1, 3]) }  // [B, H, T, D]
        let scores = Tensor.matmul(heads(q), heads(k), transposeB: true) * (1 / Float(d).squareRoot()) // [B, H, T, T]
        let probs = scores.softmax(mask: mask.reshaped([bsz, 1, 1, t]))
        let composed = Tensor.matmul(probs, heads(v)).permuted([0, 2, 1, 3]).reshaped([bsz, t, h * d])
        expectClose(fused, composed, 1e-5)
    }

    @Test mutating func attentionWithBiasMatchesComposition() {
        let (bsz, t, h, d) = (2, 4, 3, 2)
        let q = random.tensor([bsz, t, h * d]), k = random.tensor([bsz, t, h * d]), v = random.tensor([bsz, t, h * d])
        let bias = random.tensor([h, t, t], -2, 2)                                   // [H, T, T]
        let mask = Tensor(shape: [bsz, t], scalars: [1, 1, 1, 0, 1, 1, 1, 1])       // [B, T]
        let fused = Tensor.attention(q: q, k: k, v: v, keyMask: mask, bias: bias, heads: h) // [B, T, H·D]
        func heads(_ x: Tensor) -> Tensor { x.reshaped([bsz, t, h, d]).permuted([0, 2, 1, 3]) }  // [B, H, T, D]
        let scores = Tensor.matmul(heads(q), heads(k), transposeB: true) * (1 / Float(d).squareRoot()) // [B, H, T, T]
        let probs = (scores + bias.reshaped([1, h, t, t])).softmax(mask: mask.reshaped([bsz, 1, 1, t]))
        let composed = Tensor.matmul(probs, heads(v)).permuted([0, 2, 1, 3]).reshaped([bsz, t, h * d]) // [B, T, H·D]
        expectClose(fused, composed, 1e-5)
        // and the gradients agree, the bias's included (summed over the batch)
        let r = random.tensor([bsz, t, h * d], parameter: false)
        let gf = (fused * r).sum().backward(), gc = (composed * r).sum().backward()
        for p in [q, k, v, bias] { expectClose(gf[p]!, gc[p]!, 1e-5) }
        // without a bias the kernel is the one BERT has always used
        let plain = Tensor.attention(q: q, k: k, v: v, keyMask: mask, heads: h)
        let zero = Tensor.attention(q: q, k: k, v: v, keyMask: mask, bias: Tensor(shape: [h, t, t]), heads: h)
        #expect(plain.scalars == zero.scalars)
    }

    @Test func dropoutIsSeededAndUnbiased() {
        let x = Tensor(shape: [10_000], repeating: 1)
        let a = x.dropout(p: 0.25, seed: 42), b = x.dropout(p: 0.25, seed: 42), c = x.dropout(p: 0.25, seed: 43)
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        let kept = a.scalars.filter { $0 != 0 }.count
        #expect(abs(Double(kept) / 10_000 - 0.75) < 0.02)
        #expect(abs(a.scalars.reduce(0, +) / 10_000 - 1) < 0.03)
    }
}

func expectClose(_ a: Tensor, _ b: Tensor, _ tolerance: Float, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, sourceLocation: sourceLocation)
    let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "max |Δ| = \(worst)", sourceLocation: sourceLocation)
}
