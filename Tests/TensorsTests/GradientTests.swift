import Testing
@testable import Tensors
import TestSupport

/// Every differentiable operation against finite differences.
@Suite struct GradientTests {
    var random = SplitMix64(seed: 7)

    @Test mutating func broadcastingArithmetic() {
        let a = random.tensor([2, 3, 4]), b = random.tensor([3, 1]), c = random.tensor([4], 0.5, 1.5)
        checkGradients([a, b]) { $0[0] + $0[1] }
        checkGradients([a, b]) { $0[0] - $0[1] }
        checkGradients([a, b]) { $0[0] * $0[1] }
        checkGradients([a, c]) { $0[0] / $0[1] }
        checkGradients([a]) { ($0[0] * 3 + 1) / 2 - 0.5 }
        checkGradients([a]) { -$0[0] }
    }

    @Test mutating func elementwiseFunctions() {
        let x = random.tensor([3, 5], -2, 2), pos = random.tensor([3, 5], 0.5, 2)
        checkGradients([x]) { $0[0].exp() }
        checkGradients([pos]) { $0[0].log() }
        checkGradients([pos]) { $0[0].sqrt() }
        checkGradients([pos]) { $0[0].rsqrt() }
        checkGradients([x]) { $0[0].tanh() }
        checkGradients([x], eps: 1e-3) { $0[0].gelu() }
    }

    @Test mutating func matmulWithTransposes() {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = random.tensor(ta ? [2, 4, 3] : [2, 3, 4]), b = random.tensor(tb ? [2, 5, 4] : [2, 4, 5])
            checkGradients([a, b]) { Tensor.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
            let shared = random.tensor(tb ? [5, 4] : [4, 5])
            checkGradients([a, shared]) { Tensor.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
        }
    }

    @Test mutating func linear() {
        let x = random.tensor([2, 3, 4]), w = random.tensor([5, 4]), b = random.tensor([5])
        checkGradients([x, w, b]) { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
        checkGradients([x, w]) { Tensor.linear($0[0], weight: $0[1], bias: nil) }
    }

    @Test mutating func softmaxAndLogSoftmax() {
        let x = random.tensor([3, 6], -3, 3)
        let mask = Tensor(shape: [1, 6], scalars: [1, 1, 0, 1, 0, 1])
        checkGradients([x], eps: 1e-3) { $0[0].softmax() }
        checkGradients([x], eps: 1e-3) { $0[0].logSoftmax() }
        checkGradients([x], eps: 1e-3) { $0[0].softmax(mask: mask) }
        // excluded entries are -1e30 - lse, beyond Float's resolution: compare the kept ones
        checkGradients([x], eps: 1e-3) { $0[0].logSoftmax(mask: mask.reshaped([6])) * mask }
    }

    @Test mutating func layerNorm() {
        let x = random.tensor([4, 8], -2, 2), g = random.tensor([8], 0.5, 1.5), b = random.tensor([8])
        checkGradients([x, g, b], eps: 1e-3) { $0[0].layerNorm(gamma: $0[1], beta: $0[2], eps: 1e-5) }
    }

    @Test mutating func gatherGivesRowGradients() throws {
        let table = random.tensor([10, 3])
        let ids: [Int32] = [3, 7, 3, 0]
        checkGradients([table]) { try! Tensor.gather($0[0], ids: ids) }
        let grads = (try Tensor.gather(table, ids: ids)).sum().backward()
        guard case .rows(let indices, let values, let shape)? = grads.gradient(of: table) else {
            Issue.record("embedding gradient is not row-sparse")
            return
        }
        #expect(indices == ids && values.shape == [4, 3] && shape == [10, 3])
    }

    @Test mutating func shapeOperations() {
        let x = random.tensor([2, 3, 4])
        checkGradients([x]) { $0[0].reshaped([6, -1]) }
        checkGradients([x]) { $0[0].transposed(0, 2) }
        checkGradients([x]) { $0[0].permuted([1, 2, 0]) }
        checkGradients([x]) { $0[0].slice(axis: 1, 1..<3) }
        let y = random.tensor([2, 2, 4])
        checkGradients([x, y]) { Tensor.concat([$0[0], $0[1]], axis: 1) }
    }

    @Test mutating func reductions() {
        let x = random.tensor([2, 3, 4])
        checkGradients([x]) { $0[0].sum() }
        checkGradients([x]) { $0[0].mean() }
        checkGradients([x]) { $0[0].sum(axis: 1) }
        checkGradients([x]) { $0[0].mean(axis: -1, keepDims: true) }
        checkGradients([x], eps: 1e-3) { $0[0].max(axis: 2) }
    }

    @Test mutating func dropoutUsesOneMaskForwardAndBackward() {
        let x = random.tensor([4, 16])
        checkGradients([x]) { $0[0].dropout(p: 0.3, seed: 11) }
    }

    @Test mutating func normalizeAndCosine() {
        let a = random.tensor([3, 5]), b = random.tensor([4, 5])
        checkGradients([a], eps: 1e-3) { $0[0].l2Normalized() }
        checkGradients([a, b], eps: 1e-3) { Tensor.cosineSimilarityMatrix($0[0], $0[1]) }
    }

    @Test mutating func attention() {
        let (bsz, t, h, d) = (2, 5, 2, 3)
        let q = random.tensor([bsz, t, h * d]), k = random.tensor([bsz, t, h * d]), v = random.tensor([bsz, t, h * d])
        let mask = Tensor(shape: [bsz, t], scalars: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0])
        checkGradients([q, k, v], eps: 1e-3) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2], keyMask: mask, heads: h) }
        checkGradients([q, k, v], eps: 1e-3) {
            Tensor.attention(q: $0[0], k: $0[1], v: $0[2], keyMask: mask, heads: h, dropout: 0.2, seed: 5)
        }
    }

    @Test mutating func attentionWithBias() {
        let (bsz, t, h, d) = (2, 5, 2, 3)
        let q = random.tensor([bsz, t, h * d]), k = random.tensor([bsz, t, h * d]), v = random.tensor([bsz, t, h * d])
        let bias = random.tensor([h, t, t], -2, 2)                                                 // [H, T, T]
        let mask = Tensor(shape: [bsz, t], scalars: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0])               // [B, T]
        checkGradients([q, k, v, bias], eps: 1e-3) {
            Tensor.attention(q: $0[0], k: $0[1], v: $0[2], keyMask: mask, bias: $0[3], heads: h)
        }
        checkGradients([q, k, v, bias], eps: 1e-3) {
            Tensor.attention(q: $0[0], k: $0[1], v: $0[2], keyMask: mask, bias: $0[3], heads: h, dropout: 0.2, seed: 5)
        }
    }
}
