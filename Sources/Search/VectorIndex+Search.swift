import Foundation
import Tensors

/// Coarse-to-fine search: stage 1 scores every passage in a shortlist representation (or, for flat search,
/// at full width), stage 2 re-scores the shortlist exactly at full width.
///
/// Final scores are exact cosines computed in Double, so they do not depend on the CPU's vector width:
/// flat search picks its candidates with Float32 dot products and re-scores, in Double, every passage
/// within the Float32 rounding bound of the k-th score. Equal scores rank by position (the corpus's order).
extension VectorIndex {
    /// The stored shortlist a plan asks for, after checking the plan against this index.
    ///
    /// - Throws: `SearchError.invalidPlan` when k < 1, the shortlist's k is smaller than k, its width is larger
    ///   than the model's or not stored in that precision (the message lists what is stored).
    public func validate(_ plan: SearchPlan) throws(SearchError) -> IndexManifest.Shortlist? {
        guard plan.k >= 1 else { throw .invalidPlan("k must be at least 1 (got \(plan.k))") }
        guard let s = plan.shortlist else { return nil }
        guard s.k >= plan.k else {
            throw .invalidPlan("the shortlist keeps \(s.k) candidates (--shortlist-k), fewer than the \(plan.k) results asked for (--k): give --shortlist-k ≥ \(plan.k)")
        }
        guard s.dim >= 1, s.dim <= dimension else {
            throw .invalidPlan("shortlist width \(s.dim) is larger than the model's width \(dimension) (\(manifest.model.name))")
        }
        guard let stored = shortlist(dim: s.dim, precision: s.precision) else {
            let have = manifest.shortlists.map { "\($0.dim) \($0.precision.quantizeName)" }
            throw .invalidPlan("\(url.path) stores no \(s.dim)-d \(s.precision.quantizeName) shortlist; it stores: "
                               + (have.isEmpty ? "none (only full-width vectors: search without a shortlist)" : have.joined(separator: ", ")))
        }
        return stored
    }

    /// The best `plan.k` passages for each query row, best first.  queries: [Q, D]
    ///
    /// One query is scored on every thread (the corpus split between them). Several queries are split between
    /// the threads, each taking blocks of `queryBlock` queries through the corpus a tile at a time, so a tile of
    /// codes is read from memory once per block rather than once per query; flat search over several queries
    /// scores blocks of them with one matrix product.
    public func search(_ queries: Tensor, plan: SearchPlan) throws(SearchError) -> [[SearchHit]] {
        guard queries.rank == 2, queries.shape[1] == dimension else {
            throw .shape("queries are \(queries.shape); this index holds \(dimension)-d vectors")
        }
        let stored = try validate(plan)
        let q = ShortlistCodec.prefixes(queries.data, count: queries.shape[0], width: dimension, dim: dimension)   // [Q, D] unit
        let nq = queries.shape[0]
        var results = [[SearchHit]](repeating: [], count: nq)
        q.withUnsafeBufferPointer { qp in
            results.withUnsafeMutableBufferPointer { out in
                let query = UncheckedSendable(UnsafeMutablePointer(mutating: qp.baseAddress!))
                let box = UncheckedSendable(out.baseAddress!)
                if nq == 1 {
                    let scratch = scratchPool.take()
                    box.value[0] = searchBlock([query.value], plan: plan, stored: stored, scratch: scratch, threads: true)[0]
                    scratchPool.give(scratch)
                } else if stored == nil {
                    flatBlocks(qp.baseAddress!, count: nq, k: plan.k, into: box.value)
                } else {
                    Parallel.forRanges(nq, grain: 1) { lo, hi in
                        let scratch = self.scratchPool.take()
                        for start in stride(from: lo, to: hi, by: Self.queryBlock) {
                            let block = (start..<min(hi, start + Self.queryBlock)).map { UnsafePointer(query.value + $0 * self.dimension) }
                            let hits = self.searchBlock(block, plan: plan, stored: stored, scratch: scratch, threads: false)
                            for (j, h) in hits.enumerated() { box.value[start + j] = h }
                        }
                        self.scratchPool.give(scratch)
                    }
                }
            }
        }
        return results
    }

    /// Queries one thread takes through the corpus together.
    static let queryBlock = 16
    /// Bytes of stage-1 rows in one tile: small enough to stay in a core's L2 cache while a block of queries is scored.
    static let tileBytes = 256 << 10

    // MARK: - a block of queries

    /// Both stages for unit queries `qs`: one query across every thread (`threads`), or a block on this thread.
    private func searchBlock(_ qs: [UnsafePointer<Float>], plan: SearchPlan, stored: IndexManifest.Shortlist?,
                             scratch: Scratch, threads: Bool) -> [[SearchHit]] {
        let width = dimension
        let exact = qs.map { q in (0..<width).map { Double(q[$0]) } }
        guard let stored, let s = plan.shortlist else {
            let full = vectors
            return stageOne(&scratch.floats, queries: qs.count, keep: plan.k, rowBytes: 4 * width, threads: threads) { i, lo, hi, out in
                SearchKernels.dots(full + lo * width, count: hi - lo, dim: width, query: qs[i], into: out + lo)
            } select: { _, scores, lo, hi, k in
                TopK.largest(scores + lo, count: hi - lo, k: k, base: lo).map { ($0.index, Double($0.value)) }
            } finish: { i, scores, best in exactTop(scores: scores, best: best, query: exact[i], k: plan.k) }
        }
        let dim = s.dim, bytes = s.precision.rowBytes(dim: dim)
        let prefixes = qs.map { q in
            var prefix = [Float](repeating: 0, count: dim)
            ShortlistCodec.renormalizedPrefix(q, dim: dim, into: &prefix)
            return prefix
        }
        let base = rows(of: stored)
        // stage 1: candidates with the representation's own score (higher is better for every precision)
        let candidates: [[(position: Int, score: Double)]]
        switch s.precision {
        case .float32:
            let rows = base.assumingMemoryBound(to: Float.self)
            candidates = stageOne(&scratch.floats, queries: qs.count, keep: s.k, rowBytes: bytes, threads: threads) { i, lo, hi, out in
                prefixes[i].withUnsafeBufferPointer { SearchKernels.dots(rows + lo * dim, count: hi - lo, dim: dim, query: $0.baseAddress!, into: out + lo) }
            } select: { _, scores, lo, hi, k in
                TopK.largest(scores + lo, count: hi - lo, k: k, base: lo).map { ($0.index, Double($0.value)) }
            } finish: { $2 }
        case .int8, .int4:
            let rows = base.assumingMemoryBound(to: UInt8.self), int4 = s.precision == .int4
            let weights = prefixes.map { ShortlistCodec.integerQuery($0, dim: dim, minimum: stored.minimum!, step: stored.step!) }
            candidates = stageOne(&scratch.ints, queries: qs.count, keep: s.k, rowBytes: bytes, threads: threads) { i, lo, hi, out in
                weights[i].weights.withUnsafeBufferPointer { w in
                    if int4 {
                        SearchKernels.int4Dots(rows + lo * bytes, count: hi - lo, dim: dim, query: w.baseAddress!, into: out + lo)
                    } else {
                        SearchKernels.int8Dots(rows + lo * bytes, count: hi - lo, dim: dim, query: w.baseAddress!, into: out + lo)
                    }
                }
            } select: { i, scores, lo, hi, k in
                let (scale, offset) = (weights[i].scale, weights[i].offset)
                return TopK.largest(scores + lo, count: hi - lo, k: k, base: lo).map { ($0.index, offset + Double($0.value) / scale) }
            } finish: { $2 }
        case .binary:
            let rows = base.assumingMemoryBound(to: UInt64.self), words = ShortlistCodec.words(dim: dim)
            let codes = prefixes.map { ShortlistCodec.binaryCodes($0, count: 1, dim: dim, threshold: stored.threshold!) }
            candidates = stageOne(&scratch.distances, queries: qs.count, keep: s.k, rowBytes: bytes, threads: threads) { i, lo, hi, out in
                codes[i].withUnsafeBufferPointer { SearchKernels.hamming(rows + lo * words, count: hi - lo, words: words, query: $0.baseAddress!, into: out + lo) }
            } select: { _, distances, lo, hi, k in
                TopK.smallest(distances + lo, count: hi - lo, k: k, maxDistance: 64 * words, base: lo)
                    .map { ($0.index, 1 - 2 * Double($0.value) / Double(dim)) }
            } finish: { $2 }
        }
        return candidates.enumerated().map { i, list in
            guard plan.rerank else { return list.prefix(plan.k).map { SearchHit(position: $0.position, score: $0.score, stage: .shortlist) } }
            // stage 2: exact full-width cosines of the shortlist
            return ranked(list.map(\.position), query: exact[i], k: plan.k, stage: .rerank)
        }
    }

    /// Stage 1 over the whole corpus for `m` queries. `kernel(i, lo, hi, out)` scores rows lo..<hi for query i into
    /// `out[lo..<hi]` (query i's own stretch of `buffer`); `select(i, out, lo, hi, keep)` picks a range's best
    /// `keep` (position, score; higher is better); `finish(i, scores, best)` gets every score and the merged picks.
    ///
    /// One query across threads (`threads`): each thread scores and picks from its range while the scores are in
    /// its cache, and the picks are merged (score, then position). A block of queries on one thread: every query
    /// is scored against one tile of rows (about `tileBytes`) before the next tile is read.
    private func stageOne<T: ExpressibleByIntegerLiteral, R>(
        _ buffer: inout [T], queries m: Int, keep: Int, rowBytes: Int, threads: Bool,
        kernel: (_ query: Int, _ lo: Int, _ hi: Int, _ out: UnsafeMutablePointer<T>) -> Void,
        select: (_ query: Int, _ scores: UnsafePointer<T>, _ lo: Int, _ hi: Int, _ keep: Int) -> [(position: Int, score: Double)],
        finish: (_ query: Int, _ scores: UnsafePointer<T>, _ best: [(position: Int, score: Double)]) -> R
    ) -> [R] {
        let n = count
        if buffer.count < m * n { buffer = [T](repeating: 0, count: m * n) }
        return buffer.withUnsafeMutableBufferPointer { b in
            let out = UncheckedSendable(b.baseAddress!)
            guard threads, m == 1 else {
                let tile = max(64, Self.tileBytes / rowBytes)
                for lo in stride(from: 0, to: n, by: tile) {
                    for i in 0..<m { kernel(i, lo, min(n, lo + tile), out.value + i * n) }
                }
                return (0..<m).map { i in
                    let scores = UnsafePointer(out.value + i * n)
                    return finish(i, scores, select(i, scores, 0, n, keep))
                }
            }
            var picks: [[(position: Int, score: Double)]] = []
            let lock = NSLock()
            func range(_ lo: Int, _ hi: Int) {
                kernel(0, lo, hi, out.value)
                let pick = select(0, UnsafePointer(out.value), lo, hi, keep)
                lock.withLock { picks.append(pick) }
            }
            Parallel.forRanges(n, grain: 8192, range)
            let best = picks.count == 1 ? picks[0]
                : Array(picks.joined().sorted { $0.score > $1.score || ($0.score == $1.score && $0.position < $1.position) }.prefix(keep))
            return [finish(0, UnsafePointer(out.value), best)]
        }
    }

    /// Flat search's final ranking from Float32 scores of the whole corpus and the best `k` of them: every
    /// passage within the rounding bound of the k-th score is re-scored exactly.
    private func exactTop(scores: UnsafePointer<Float>, best: [(position: Int, score: Double)], query: [Double], k: Int) -> [SearchHit] {
        // |float dot − exact dot| ≤ γ for unit vectors, γ = (D+4)u / (1 − (D+4)u), u = 2⁻²⁴ (as the retrieval evaluator)
        let du = Double(dimension + 4) * 0x1p-24
        let threshold = Float(best.last!.score - 2 * du / (1 - du))
        var candidates: [Int] = []
        for j in 0..<count where scores[j] >= threshold { candidates.append(j) }
        return ranked(candidates, query: query, k: k, stage: .exact)
    }

    /// Exact cosines (Double) of `positions` against the unit query, best `k` first, ties by position.
    private func ranked(_ positions: [Int], query: [Double], k: Int, stage: SearchHit.Stage) -> [SearchHit] {
        let scores = SearchKernels.rescore(vectors, dim: dimension, positions: positions, query: query)
        let order = positions.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && positions[$0] < positions[$1]) }
        return order.prefix(k).map { SearchHit(position: positions[$0], score: scores[$0], stage: stage) }
    }

    // MARK: - many queries, flat

    /// Flat search of `count` unit queries: Float32 scores of 64 queries at a time by one matrix product, then
    /// each query's exact re-scoring on its own thread.
    private func flatBlocks(_ queries: UnsafePointer<Float>, count nq: Int, k: Int, into out: UnsafeMutablePointer<[SearchHit]>) {
        let block = 64, n = count, d = dimension
        var scores = [Float](repeating: 0, count: min(block, nq) * n)                     // [B, N]
        let results = UncheckedSendable(out)
        for start in stride(from: 0, to: nq, by: block) {
            let rows = min(block, nq - start)
            scores.withUnsafeMutableBufferPointer { s in
                BLAS.sgemm(transA: false, transB: true, m: rows, n: n, k: d, a: queries + start * d, lda: d,
                           b: vectors, ldb: d, c: s.baseAddress!, ldc: n)
                let sp = UncheckedSendable(s.baseAddress!)
                Parallel.forRanges(rows, grain: 1) { lo, hi in
                    for r in lo..<hi {
                        let query = (0..<d).map { Double(queries[(start + r) * d + $0]) }
                        let scores = UnsafePointer(sp.value + r * n)
                        let best = TopK.largest(scores, count: n, k: k).map { ($0.index, Double($0.value)) }
                        results.value[start + r] = self.exactTop(scores: scores, best: best, query: query, k: k)
                    }
                }
            }
        }
    }
}

/// Buffers for one query's stage-1 scores over the whole corpus, grown on first use and kept between searches
/// (allocating and zeroing them for every query cost more than scanning a binary shortlist).
final class Scratch {
    var floats: [Float] = [], ints: [Int32] = [], distances: [UInt16] = []
}

/// The scratch buffers of an index, lent to one search thread at a time.
final class ScratchPool: @unchecked Sendable {
    private var free: [Scratch] = []
    private let lock = NSLock()

    func take() -> Scratch { lock.withLock { free.popLast() } ?? Scratch() }
    func give(_ scratch: Scratch) { lock.withLock { free.append(scratch) } }
}

