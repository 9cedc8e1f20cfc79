import Testing
@testable import Tensors

/// Training steps reuse memory: after warm-up, every buffer comes from the pool and nothing accumulates.
@Suite(.serialized) struct MemoryTests {
    @Test func thousandStepsDoNotGrow() throws {
        var random = TestRandom(seed: 5)
        let table = random.tensor([50, 16]), w1 = random.tensor([32, 16]), b1 = random.tensor([32])
        let w2 = random.tensor([16, 32]), gamma = random.tensor([16]), beta = random.tensor([16])
        let mask = Tensor(shape: [2, 6], scalars: [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1])
        func step(_ i: Int) throws {
            let ids = (0..<12).map { Int32(($0 * 7 + i) % 50) }
            let x = try Tensor.gather(table, ids: ids)                                     // [12, 16]
            let h = Tensor.linear(x, weight: w1, bias: b1).gelu().dropout(p: 0.1, seed: UInt64(i)) // [12, 32]
            let y = Tensor.linear(h, weight: w2, bias: nil).layerNorm(gamma: gamma, beta: beta, eps: 1e-5).reshaped([2, 6, 16])
            let a = Tensor.attention(q: y, k: y, v: y, keyMask: mask, heads: 4)            // [2, 6, 16]
            let loss = Tensor.cosineSimilarityMatrix(a.mean(axis: 1), a.max(axis: 1)).logSoftmax().mean()
            let grads = loss.backward()
            #expect(grads.count == 6)
        }
        let pool = BufferPool(cacheLimitBytes: 1 << 30)
        try BufferPool.$current.withValue(pool) {
            try step(0)
            try step(1)
            let warm = pool.statistics
            for i in 2..<1000 { try step(i) }
            let after = pool.statistics
            // between steps nothing stays alive, and after warm-up malloc is never called again
            #expect(after.liveBytes == warm.liveBytes, "live bytes went from \(warm.liveBytes) to \(after.liveBytes)")
            #expect(after.misses == warm.misses, "\(after.misses - warm.misses) allocations missed the pool after warm-up")
            #expect(after.peakLiveBytes == warm.peakLiveBytes)
        }
    }
}
