import Foundation
@testable import Tensors
import Testing
import TestSupport

/// Unpadded batches: attention over packed sequences equals padded attention with the key mask at every real
/// token, forward and backward, with dropout and a score bias — the same sums in the same order, except that the
/// padded kernel also adds its masked keys' exp(−FLT_MAX) underflow (≈1e-39), which packing leaves out.
@Suite struct PackingTests {
    static func values(_ t: Tensor) -> [Float] { Array(UnsafeBufferPointer(start: t.data, count: t.count)) }

    /// Equal but for the padded side's underflow terms.
    static func same(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * abs($1) + 1e-30 }
    }

    @Test func packingOfARightPaddedMask() {
        let p = SequencePacking.rightPadded(mask: [1, 1, 0, 1, 0, 0, 1, 1, 1], batch: 3, length: 3)
        #expect(p?.lengths == [2, 1, 3] && p?.starts == [0, 2, 3] && p?.paddedRows == [0, 1, 3, 6, 7, 8])
        #expect(p?.isPadded == false && SequencePacking.padded(batch: 2, length: 4).isPadded)
        #expect(SequencePacking.rightPadded(mask: [1, 0, 1], batch: 1, length: 3) == nil)   // a token after padding
    }

    @Test(arguments: [Float(0), 0.2])
    func packedAttentionEqualsPaddedAtRealTokens(dropout: Float) throws {
        let (lengths, t, heads, d) = ([5, 2, 7, 1], 7, 2, 8)
        let b = lengths.count, hd = heads * d
        var rng = SplitMix64(seed: 3)
        let q = rng.tensor([b, t, hd]), k = rng.tensor([b, t, hd]), v = rng.tensor([b, t, hd])
        let bias = rng.tensor([heads, t, t])
        let packing = SequencePacking(lengths: lengths, maxLength: t)
        let mask = Tensor(shape: [b, t], scalars: (0..<b * t).map { Float($0 % t < lengths[$0 / t] ? 1 : 0) })
        // upstream gradient on real tokens only (padding positions feed nothing, as after pooling)
        let g = Tensor(shape: [b, t, hd], scalars: (0..<b * t * hd).map { i in
            (i / hd) % t < lengths[i / hd / t] ? Float(sin(Double(i))) : 0 })

        let padded = Tensor.attention(q: q, k: k, v: v, keyMask: mask, bias: bias, heads: heads, dropout: dropout, seed: 11)
        let gp = (padded * g).sum().backward()

        let rows = packing.paddedRows
        let pack = { (x: Tensor) in try Tensor.gather(x.reshaped([b * t, hd]), ids: rows) } // [ΣT, H·D]
        let (qp, kp, vp) = (try pack(q), try pack(k), try pack(v))
        let packed = Tensor.attention(q: qp, k: kp, v: vp, packing: packing, bias: bias, heads: heads, dropout: dropout, seed: 11)
        let unpacked = packed.unpacked(packing)                                               // [B, T, H·D]
        let gu = (unpacked * g).sum().backward()

        let at = { (x: [Float]) in rows.flatMap { r in x[Int(r) * hd..<(Int(r) + 1) * hd] } }
        #expect(Self.same(Self.values(packed), at(Self.values(padded))))
        #expect(Self.values(unpacked).enumerated().allSatisfy { i, x in rows.contains(Int32(i / hd)) || x == 0 })
        for (x, name) in [(q, "q"), (k, "k"), (v, "v")] {
            #expect(Self.same(at(Self.values(try #require(gu[x]))), at(Self.values(try #require(gp[x])))), "\(name)")
        }
        #expect(Self.same(Self.values(try #require(gu[bias])), Self.values(try #require(gp[bias]))))
    }
}
