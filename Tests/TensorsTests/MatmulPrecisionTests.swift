import Foundation
@testable import Tensors
import Testing
import TestSupport

/// bf16 matrix products: products of bf16-rounded inputs summed in fp32, on the AVX-512 BF16 path and the portable
/// loop, for ragged shapes and every operand layout; the linear layer's forward and both backward products in a
/// bf16 scope; exact fp32 where the CPU has no BF16 and outside a scope.
@Suite struct MatmulPrecisionTests {
    /// x rounded to bf16, to nearest even (what the kernel feeds its products).
    static func bf16(_ x: Float) -> Double {
        let u = x.bitPattern
        return Double(Float(bitPattern: (u &+ 0x7fff &+ ((u >> 16) & 1)) & 0xffff_0000))
    }

    /// Σₖ bf16(a[i, k])·bf16(w[j, k]) in Double for element accessors a(i, k), w(j, k), with Σₖ of the products'
    /// magnitudes.  → [m, n]
    static func reference(m: Int, n: Int, k: Int, a: (Int, Int) -> Float, w: (Int, Int) -> Float) -> [(sum: Double, abs: Double)] {
        var out = [(sum: Double, abs: Double)](repeating: (0, 0), count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var (s, t) = (0.0, 0.0)
                for kk in 0..<k {
                    let p = bf16(a(i, kk)) * bf16(w(j, kk))
                    s += p
                    t += abs(p)
                }
                out[i * n + j] = (s, t)
            }
        }
        return out
    }

    /// fp32 sums of k exact products: within 4·√k·2⁻²⁴·Σ|products| of the exact sum (a random walk of roundings,
    /// with margin; one wrong or missing product is far outside it).
    static func close(_ got: [Float], _ want: [(sum: Double, abs: Double)], k: Int) -> Bool {
        got.count == want.count
            && zip(got, want).allSatisfy { abs(Double($0) - $1.sum) <= 4 * Double(k).squareRoot() * 0x1p-24 * $1.abs + 1e-6 }
    }

    static func values(_ t: Tensor) -> [Float] { Array(UnsafeBufferPointer(start: t.data, count: t.count)) }

    /// Each layout of A (rows or columns contiguous, or neither) and of W, both paths, K chunked (> 256) and odd.
    @Test(arguments: [(1, 1, 1), (5, 7, 3), (8, 32, 64), (13, 385, 33), (40, 384, 96), (9, 2049, 17), (17, 600, 70)])
    func productsOfBF16InputsSumInFloat(shape: (m: Int, k: Int, n: Int)) {
        let (m, k, n) = shape
        var rng = SplitMix64(seed: UInt64(m * 1000 + k))
        let a = rng.tensor([m * k * 2], parameter: false), w = rng.tensor([n * k * 2], parameter: false)
        // (rowStride, colStride) of each operand within its buffer: rows contiguous, columns contiguous, neither
        let aLayouts = [(k, 1), (1, m), (2 * k, 2)], wLayouts = [(k, 1), (1, n), (2, 2 * n)]
        for (ars, acs) in aLayouts {
            for (wrs, wcs) in wLayouts {
                let want = Self.reference(m: m, n: n, k: k, a: { a.data[$0 * ars + $1 * acs] }, w: { w.data[$0 * wrs + $1 * wcs] })
                let fast = Kernels.packBF16(w.data, n: n, k: k, rowStride: wrs, colStride: wcs)
                let scalar = Kernels.packBF16(w.data, n: n, k: k, rowStride: wrs, colStride: wcs, portable: true)
                #expect(fast == scalar, "packing A(\(ars),\(acs)) W(\(wrs),\(wcs))")
                for portable in [false, true] {
                    var out = [Float](repeating: 0.5, count: m * n)
                    Kernels.gemmBF16(a.data, rowStride: ars, colStride: acs, m: m, k: k, packed: fast, n: n, into: &out,
                                     ldc: n, accumulate: true, portable: portable)
                    #expect(Self.close(out.map { $0 - 0.5 }, want, k: k + 1), "portable \(portable) A(\(ars),\(acs)) W(\(wrs),\(wcs))")
                    // a bias in the epilogue is C preset to the bias, bit for bit
                    let bias = (0..<n).map { Float($0) * 0.25 - 1 }
                    var withBias = [Float](repeating: .nan, count: m * n)
                    bias.withUnsafeBufferPointer { b in
                        Kernels.gemmBF16(a.data, rowStride: ars, colStride: acs, m: m, k: k, packed: fast, n: n,
                                         into: &withBias, ldc: n, accumulate: false, bias: b.baseAddress, portable: portable)
                    }
                    var preset = (0..<m * n).map { bias[$0 % n] }
                    Kernels.gemmBF16(a.data, rowStride: ars, colStride: acs, m: m, k: k, packed: fast, n: n, into: &preset,
                                     ldc: n, accumulate: true, portable: portable)
                    #expect(withBias == preset, "bias: portable \(portable) A(\(ars),\(acs)) W(\(wrs),\(wcs))")
                }
            }
        }
    }

    /// In a bf16 scope the forward product and both backward products (dx = g·W, dW = gᵀ·x) take bf16 inputs.
    @Test func linearForwardAndBackwardInBF16() throws {
        try #require(MatmulPrecision.bf16Accelerated, "no AVX-512 BF16: bf16 scopes run fp32 (tested below)")
        var rng = SplitMix64(seed: 21)
        let (rows, inF, outF) = (37, 300, 45)
        let x = rng.tensor([rows, inF]), w = rng.tensor([outF, inF]), b = rng.tensor([outF])
        let g = rng.tensor([rows, outF], parameter: false)
        let (y, grads) = MatmulPrecision.withBF16 {
            let y = Tensor.linear(x, weight: w, bias: b)
            return (y, (y * g).sum().backward())
        }
        let yWant = Self.reference(m: rows, n: outF, k: inF, a: { x.data[$0 * inF + $1] }, w: { w.data[$0 * inF + $1] })
        #expect(Self.close(zip(Self.values(y), (0..<rows * outF).map { b.data[$0 % outF] }).map { $0 - $1 }, yWant, k: inF + 1))
        let dxWant = Self.reference(m: rows, n: inF, k: outF, a: { g.data[$0 * outF + $1] }, w: { w.data[$1 * inF + $0] })
        #expect(Self.close(Self.values(try #require(grads[x])), dxWant, k: outF))
        let dwWant = Self.reference(m: outF, n: inF, k: rows, a: { g.data[$1 * outF + $0] }, w: { x.data[$1 * inF + $0] })
        #expect(Self.close(Self.values(try #require(grads[w])), dwWant, k: rows))
        let db = Self.values(try #require(grads[b]))                              // the bias gradient stays fp32
        #expect(db == Self.values(Kernels.sumRows(g, cols: outF)))
    }

    /// Without AVX-512 BF16 (or outside a scope) the linear layer is fp32, bit for bit, forward and backward.
    @Test func scopesWithoutBF16AreExactlyFP32() throws {
        var rng = SplitMix64(seed: 5)
        let x = rng.tensor([6, 40]), w = rng.tensor([24, 40]), b = rng.tensor([24])
        let g = rng.tensor([6, 24], parameter: false)
        let run = { () -> [[Float]] in
            let y = Tensor.linear(x, weight: w, bias: b)
            let grads = (y * g).sum().backward()
            return [Self.values(y), Self.values(grads[x]!), Self.values(grads[w]!)]
        }
        let fp32 = run()
        #expect(MatmulPrecision.withBF16(accelerated: false, run) == fp32)
        #expect(MatmulPrecision.bf16Accelerated ? MatmulPrecision.withBF16(run) != fp32 : true) // rounded where it runs
        #expect(MatmulPrecision.bf16.effective == (MatmulPrecision.bf16Accelerated ? .bf16 : .fp32))
    }

    /// Weights are packed once per scope: a new scope sees weights updated since the last one.
    @Test func aNewScopePacksUpdatedWeights() throws {
        try #require(MatmulPrecision.bf16Accelerated)
        var rng = SplitMix64(seed: 8)
        let x = rng.tensor([8, 64], parameter: false), w = rng.tensor([32, 64], parameter: false)
        let before = MatmulPrecision.withBF16 { Self.values(Tensor.linear(x, weight: w, bias: nil)) }
        for i in 0..<w.count { w.mutableData[i] *= 2 }
        let after = MatmulPrecision.withBF16 { Self.values(Tensor.linear(x, weight: w, bias: nil)) }
        #expect(zip(before, after).allSatisfy { abs(2 * $0 - $1) <= 1e-5 * max(1, abs($1)) })
    }
}
