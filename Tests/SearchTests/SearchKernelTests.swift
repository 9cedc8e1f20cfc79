@testable import Search
import Tensors
import Testing
import TestSupport

/// The accelerated int8, int4 and binary kernels give exactly the portable loops' integers, at every width (full
/// vector blocks and ragged tails); the float kernel agrees with Double dot products.
@Suite struct SearchKernelTests {
    @Test(arguments: [1, 7, 48, 63, 64, 65, 128, 200, 384])
    func int8DotsEqualThePortableLoop(dim: Int) {
        var rng = SplitMix64(seed: UInt64(dim))
        let n = 37
        let codes = (0..<n * dim).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let query = (0..<dim).map { _ in Int8(truncatingIfNeeded: rng.next() % 255) &- 127 }
        var fast = [Int32](repeating: 0, count: n), plain = [Int32](repeating: 1, count: n)
        SearchKernels.int8Dots(codes, count: n, dim: dim, query: query, into: &fast)
        SearchKernels.int8Dots(codes, count: n, dim: dim, query: query, into: &plain, portable: true)
        #expect(fast == plain)
        var oracle = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<dim { oracle[i] += Int32(codes[i * dim + j]) * Int32(query[j]) }
        }
        #expect(plain == oracle)
    }

    @Test(arguments: [1, 2, 7, 48, 127, 128, 129, 200, 255, 256, 384])
    func int4DotsEqualThePortableLoop(dim: Int) {
        var rng = SplitMix64(seed: UInt64(50 + dim))
        let n = 23, bytes = (dim + 1) / 2
        let codes = (0..<n * bytes).map { b in
            let byte = UInt8(truncatingIfNeeded: rng.next())
            return dim % 2 == 1 && b % bytes == bytes - 1 ? byte & 15 : byte        // an odd width leaves the last high nibble empty
        }
        let query = (0..<dim).map { _ in Int8(truncatingIfNeeded: rng.next() % 255) &- 127 }
        var fast = [Int32](repeating: 0, count: n), plain = [Int32](repeating: 1, count: n)
        SearchKernels.int4Dots(codes, count: n, dim: dim, query: query, into: &fast)
        SearchKernels.int4Dots(codes, count: n, dim: dim, query: query, into: &plain, portable: true)
        #expect(fast == plain)
        var oracle = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<dim {
                let byte = codes[i * bytes + j / 2]
                oracle[i] += Int32(j % 2 == 0 ? byte & 15 : byte >> 4) * Int32(query[j])
            }
        }
        #expect(plain == oracle)
    }

    @Test(arguments: [1, 2, 3, 4, 6, 8, 9, 16])
    func hammingDistancesEqualThePortableCount(words: Int) {
        var rng = SplitMix64(seed: UInt64(100 + words))
        let n = 41
        let codes = (0..<n * words).map { _ in rng.next() }
        let query = (0..<words).map { _ in rng.next() }
        var fast = [UInt16](repeating: 0, count: n), plain = [UInt16](repeating: 1, count: n)
        SearchKernels.hamming(codes, count: n, words: words, query: query, into: &fast)
        SearchKernels.hamming(codes, count: n, words: words, query: query, into: &plain, portable: true)
        #expect(fast == plain)
        var oracle = [UInt16](repeating: 0, count: n)
        for i in 0..<n {
            for w in 0..<words { oracle[i] += UInt16((codes[i * words + w] ^ query[w]).nonzeroBitCount) }
        }
        #expect(plain == oracle)
    }

    @Test func floatDotsMatchDoubleDotProducts() {
        var rng = SplitMix64(seed: 3)
        let n = 29, dim = 384
        let rows = (0..<n * dim).map { _ in rng.uniform() }, query = (0..<dim).map { _ in rng.uniform() }
        var out = [Float](repeating: 0, count: n)
        SearchKernels.dots(rows, count: n, dim: dim, query: query, into: &out)
        for i in 0..<n {
            let exact = (0..<dim).reduce(0.0) { $0 + Double(rows[i * dim + $1]) * Double(query[$1]) }
            #expect(abs(Double(out[i]) - exact) < 1e-4)
        }
    }

    @Test func rescoringSumsInItsDocumentedOrderToTheBit() {
        var rng = SplitMix64(seed: 5)
        let dim = 389, n = 50                                       // a ragged tail after the blocks of 8
        let rows = (0..<n * dim).map { _ in rng.uniform() }, query = (0..<dim).map { _ in Double(rng.uniform()) }
        let positions = [7, 0, 49, 7, 23]
        let got = rows.withUnsafeBufferPointer { SearchKernels.rescore($0.baseAddress!, dim: dim, positions: positions, query: query) }
        for (c, p) in positions.enumerated() {
            var s = [Double](repeating: 0, count: 8)
            for j in 0..<dim { s[j % 8] += Double(rows[p * dim + j]) * query[j] }
            let ordered = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))
            #expect(got[c] == ordered)
        }
    }

    @Test func topKKeepsTheLargestAndBreaksTiesByPosition() {
        var rng = SplitMix64(seed: 11)
        let values = (0..<500).map { _ in Float(rng.next() % 40) }           // many ties
        for k in [1, 5, 40, 500, 600] {
            let got = values.withUnsafeBufferPointer { TopK.largest($0.baseAddress!, count: values.count, k: k) }.map(\.index)
            let want = Array(values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.prefix(k))
            #expect(got == want, "k = \(k)")
        }
        let distances = (0..<500).map { _ in UInt16(rng.next() % 65) }
        for k in [1, 7, 100, 500] {
            let got = distances.withUnsafeBufferPointer { TopK.smallest($0.baseAddress!, count: distances.count, k: k, maxDistance: 64) }.map(\.index)
            let want = Array(distances.indices.sorted { distances[$0] < distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }.prefix(k))
            #expect(got == want, "k = \(k)")
        }
    }
}
