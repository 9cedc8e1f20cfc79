import Foundation
@testable import Tensors
import Testing
import TestSupport

/// bf16 linear layers: products of bf16-rounded inputs summed in fp32, on the AVX-512 BF16 path and the portable
/// loop, for ragged shapes; fp32 outside a bf16 scope and whenever gradients are recorded.
@Suite struct MatmulPrecisionTests {
    /// x rounded to bf16, to nearest even (what the kernel feeds its products).
    static func bf16(_ x: Float) -> Double {
        let u = x.bitPattern
        return Double(Float(bitPattern: (u &+ 0x7fff &+ ((u >> 16) & 1)) & 0xffff_0000))
    }

    /// Σ bf16(x)·bf16(w) in Double, plus the bias.  → [rows, out]
    static func reference(_ x: Tensor, _ w: Tensor, _ b: Tensor?) -> [Double] {
        let (rows, k, n) = (x.shape[0], x.shape[1], w.shape[0])
        var out = [Double](repeating: 0, count: rows * n)
        for r in 0..<rows {
            for c in 0..<n {
                var s = 0.0
                for j in 0..<k { s += bf16(x.data[r * k + j]) * bf16(w.data[c * k + j]) }
                out[r * n + c] = s + (b.map { Double($0.data[c]) } ?? 0)
            }
        }
        return out
    }

    @Test(arguments: [(1, 1, 1), (5, 7, 3), (8, 32, 64), (13, 385, 33), (40, 384, 96), (9, 2048, 17)])
    func bf16ProductsSumInFloatOnBothPaths(shape: (rows: Int, k: Int, n: Int)) {
        var rng = SplitMix64(seed: UInt64(shape.rows * 1000 + shape.k))
        let x = rng.tensor([shape.rows, shape.k], parameter: false), w = rng.tensor([shape.n, shape.k], parameter: false)
        let b = rng.tensor([shape.n], parameter: false)
        let want = Self.reference(x, w, b)
        let packed = Kernels.packBF16(w)
        for portable in [false, true] {
            var out = [Float](repeating: 0, count: shape.rows * shape.n)
            for c in 0..<shape.n { for r in 0..<shape.rows { out[r * shape.n + c] = b.data[c] } }
            Kernels.linearBF16(x.data, rows: shape.rows, inFeatures: shape.k, packed: packed, outFeatures: shape.n,
                               into: &out, accumulate: true, portable: portable)
            // fp32 sums of k exact products: within k·2⁻²⁴ of the sum of magnitudes
            let bound = Double(shape.k + 2) * 0x1p-23 * Double(shape.k)
            #expect(zip(out, want).allSatisfy { abs(Double($0) - $1) <= bound }, "portable \(portable)")
        }
    }

    @Test func linearUsesBF16OnlyInAScopeWithoutGradients() throws {
        var rng = SplitMix64(seed: 9)
        let x = rng.tensor([6, 40], parameter: false), w = rng.tensor([24, 40], parameter: false), b = rng.tensor([24], parameter: false)
        let fp32 = GradMode.withoutGradients { Tensor.linear(x, weight: w, bias: b) }
        let bf16 = MatmulPrecision.withBF16 { GradMode.withoutGradients { Tensor.linear(x, weight: w, bias: b) } }
        let want = Self.reference(x, w, b)
        let values = { (t: Tensor) in Array(UnsafeBufferPointer(start: t.data, count: t.count)) }
        #expect(zip(values(bf16), want).allSatisfy { abs(Double($0) - $1) < 1e-4 })
        #expect(values(bf16) != values(fp32))                                      // the products were rounded
        // recording gradients (training) keeps fp32 inside a bf16 scope
        let training = MatmulPrecision.withBF16 { Tensor.linear(x, weight: w, bias: b) }
        #expect(values(training) == values(fp32))
    }
}
