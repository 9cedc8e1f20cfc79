import Testing
@testable import Tensors
import TestSupport

/// Training steps reuse memory: after warm-up, every buffer comes from the pool and nothing accumulates.
@Suite(.serialized) struct MemoryTests {
    @Test func thousandStepsDoNotGrow() throws {
        var random = SplitMix64(seed: 5)
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

    /// An operation keeps alive only what its backward needs: a dropout feeding a residual add saves
    /// nothing, so their outputs are freed as soon as the forward pass moves on; and backward frees each
    /// operation's saved tensors once it has run.
    @Test func graphHoldsOnlySavedTensors() {
        let pool = BufferPool(cacheLimitBytes: 1 << 30)
        BufferPool.$current.withValue(pool) {
            let n = 1024 // floats per tensor, 4 KiB: one pool class each
            let x = Tensor(shape: [n], repeating: 0.5, requiresGrad: true)
            let z = Tensor(shape: [n], repeating: 1, requiresGrad: true)
            let leaves = pool.statistics.liveBytes
            // affine saves nothing, dropout saves nothing, + saves only shapes: 3 intermediates, 1 kept (y)
            var y: Tensor? = x.affine(scale: 2).dropout(p: 0.5, seed: 1) + z
            #expect(pool.statistics.liveBytes == leaves + 4 * n, "live after forward: \(pool.statistics.liveBytes - leaves) bytes beyond the leaves")
            // exp saves its output (y itself is no longer needed), sum saves nothing; the loss is one float
            let scalar = BufferPool.classBytes(count: 1)
            let loss = y!.exp().sum()
            y = nil
            #expect(pool.statistics.liveBytes == leaves + 4 * n + scalar)
            let grads = loss.backward()
            // after backward: the leaves, their two gradients and the loss; every saved tensor is gone
            #expect(pool.statistics.liveBytes == leaves + 2 * 4 * n + scalar, "live after backward: \(pool.statistics.liveBytes - leaves) bytes beyond the leaves")
            #expect(grads.count == 2)
        }
    }

    /// Batches padded to slightly different lengths share buffers: a request a few percent smaller than
    /// an idle buffer reuses it instead of calling malloc.
    @Test func slightlySmallerRequestsReuseIdleBuffers() {
        for count in [1, 15, 16, 17, 1000, 1025, 4097, 123_457, 2_359_296] {
            let bytes = BufferPool.classBytes(count: count)
            #expect(bytes >= 4 * count && bytes % 64 == 0)
            // within one 64-byte line of the request, or at most 12.5 % above it
            #expect(bytes - 4 * count < 64 || Double(bytes) <= Double(4 * count) * 1.125, "class of \(count) floats is \(bytes) bytes")
        }
        let pool = BufferPool(cacheLimitBytes: 1 << 30)
        BufferPool.$current.withValue(pool) {
            _ = Tensor(shape: [64, 32, 384])                          // allocated, then idle in the pool
            let before = pool.statistics
            _ = Tensor(shape: [64, 29, 384])                          // 9 % shorter: reuses it
            let after = pool.statistics
            #expect(after.misses == before.misses && after.hits == before.hits + 1)
            _ = Tensor(shape: [64, 12, 384])                          // far smaller: a buffer of its own
            #expect(pool.statistics.misses == after.misses + 1)
        }
    }

    /// trim frees every idle buffer (between phases that use other shapes).
    @Test func trimFreesIdleBuffers() {
        let pool = BufferPool(cacheLimitBytes: 1 << 30)
        BufferPool.$current.withValue(pool) {
            _ = Tensor(shape: [1024, 1024])
            #expect(pool.statistics.liveBytes == 0 && pool.statistics.cachedBytes == 4 << 20)
            pool.trim()
            #expect(pool.statistics.cachedBytes == 0)
            _ = Tensor(shape: [1024, 1024])
            #expect(pool.statistics.misses == 2)
        }
    }
}
