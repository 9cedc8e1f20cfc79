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
    /// One query is scored on every thread (the corpus split between them); several queries run one per thread,
    /// and flat search over several queries scores blocks of them with one matrix product.
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
                let query = { (i: Int) in qp.baseAddress! + i * self.dimension }
                let box = UncheckedPointer(out.baseAddress!)
                if nq == 1 {
                    let scratch = scratchPool.take()
                    box.pointer[0] = searchOne(query(0), plan: plan, stored: stored, scratch: scratch, threads: true)
                    scratchPool.give(scratch)
                } else if stored == nil {
                    flatBlocks(qp.baseAddress!, count: nq, k: plan.k, into: box.pointer)
                } else {
                    Parallel.forRanges(nq, grain: 1) { lo, hi in
                        let scratch = self.scratchPool.take()
                        for i in lo..<hi { box.pointer[i] = self.searchOne(query(i), plan: plan, stored: stored, scratch: scratch, threads: false) }
                        self.scratchPool.give(scratch)
                    }
                }
            }
        }
        return results
    }

    // MARK: - one query

    private func searchOne(_ q: UnsafePointer<Float>, plan: SearchPlan, stored: IndexManifest.Shortlist?,
                           scratch: Scratch, threads: Bool) -> [SearchHit] {
        let width = dimension
        let exactQuery = (0..<width).map { Double(q[$0]) }
        guard let stored, let s = plan.shortlist else {
            let full = vectors
            return stageOne(&scratch.floats, keep: plan.k, threads: threads) { lo, hi, out in
                SearchKernels.dots(full + lo * width, count: hi - lo, dim: width, query: q, into: out + lo)
            } select: { scores, lo, hi, k in
                TopK.largest(scores + lo, count: hi - lo, k: k, base: lo).map { ($0.index, Double($0.value)) }
            } finish: { scores, best in exactTop(scores: scores, best: best, query: exactQuery, k: plan.k) }
        }
        let dim = s.dim
        var prefix = [Float](repeating: 0, count: dim)
        ShortlistCodec.renormalizedPrefix(q, dim: dim, into: &prefix)
        let base = rows(of: stored)
        // stage 1: candidates with the representation's own score (higher is better for every precision)
        let candidates: [(position: Int, score: Double)]
        switch s.precision {
        case .float32:
            let rows = base.assumingMemoryBound(to: Float.self)
            candidates = stageOne(&scratch.floats, keep: s.k, threads: threads) { lo, hi, out in
                prefix.withUnsafeBufferPointer { SearchKernels.dots(rows + lo * dim, count: hi - lo, dim: dim, query: $0.baseAddress!, into: out + lo) }
            } select: { scores, lo, hi, k in
                TopK.largest(scores + lo, count: hi - lo, k: k, base: lo).map { ($0.index, Double($0.value)) }
            } finish: { $1 }
        case .int8, .int4:
            let rows = base.assumingMemoryBound(to: UInt8.self), bytes = s.precision.rowBytes(dim: dim)
            let (weights, scale, offset) = ShortlistCodec.integerQuery(prefix, dim: dim, minimum: stored.minimum!, step: stored.step!)
            let int4 = s.precision == .int4
            candidates = stageOne(&scratch.ints, keep: s.k, threads: threads) { lo, hi, out in
                weights.withUnsafeBufferPointer { w in
                    if int4 {
                        SearchKernels.int4Dots(rows + lo * bytes, count: hi - lo, dim: dim, query: w.baseAddress!, into: out + lo)
                    } else {
                        SearchKernels.int8Dots(rows + lo * bytes, count: hi - lo, dim: dim, query: w.baseAddress!, into: out + lo)
                    }
                }
            } select: { scores, lo, hi, k in
                TopK.largest(scores + lo, count: hi - lo, k: k, base: lo).map { ($0.index, offset + Double($0.value) / scale) }
            } finish: { $1 }
        case .binary:
            let rows = base.assumingMemoryBound(to: UInt64.self), words = ShortlistCodec.words(dim: dim)
            let code = ShortlistCodec.binaryCodes(prefix, count: 1, dim: dim, threshold: stored.threshold!)
            candidates = stageOne(&scratch.distances, keep: s.k, threads: threads) { lo, hi, out in
                code.withUnsafeBufferPointer { SearchKernels.hamming(rows + lo * words, count: hi - lo, words: words, query: $0.baseAddress!, into: out + lo) }
            } select: { distances, lo, hi, k in
                TopK.smallest(distances + lo, count: hi - lo, k: k, maxDistance: 64 * words, base: lo)
                    .map { ($0.index, 1 - 2 * Double($0.value) / Double(dim)) }
            } finish: { $1 }
        }
        guard plan.rerank else { return candidates.prefix(plan.k).map { SearchHit(position: $0.position, score: $0.score, stage: .shortlist) } }
        // stage 2: exact full-width cosines of the shortlist
        return ranked(candidates.map(\.position), query: exactQuery, k: plan.k, stage: .rerank)
    }

    /// Stage 1 over the whole corpus: `kernel(lo, hi, out)` scores rows lo..<hi into `out[lo..<hi]` and
    /// `select(out, lo, hi, keep)` picks that range's best `keep` (position, score; higher is better), on the
    /// same thread while the scores are in its cache; the corpus is split across threads when asked. The ranges'
    /// picks are merged (score, then position) and handed with all the scores to `finish`.
    private func stageOne<T: ExpressibleByIntegerLiteral, R>(
        _ buffer: inout [T], keep: Int, threads: Bool,
        kernel: (_ lo: Int, _ hi: Int, _ out: UnsafeMutablePointer<T>) -> Void,
        select: (_ scores: UnsafePointer<T>, _ lo: Int, _ hi: Int, _ keep: Int) -> [(position: Int, score: Double)],
        finish: (_ scores: UnsafePointer<T>, _ best: [(position: Int, score: Double)]) -> R
    ) -> R {
        if buffer.count < count { buffer = [T](repeating: 0, count: count) }
        return buffer.withUnsafeMutableBufferPointer { b in
            let out = UncheckedPointer(b.baseAddress!)
            var picks: [[(position: Int, score: Double)]] = []
            let lock = NSLock()
            func range(_ lo: Int, _ hi: Int) {
                kernel(lo, hi, out.pointer)
                let pick = select(UnsafePointer(out.pointer), lo, hi, keep)
                lock.withLock { picks.append(pick) }
            }
            if threads { Parallel.forRanges(count, grain: 8192, range) } else { range(0, count) }
            let best = picks.count == 1 ? picks[0]
                : Array(picks.joined().sorted { $0.score > $1.score || ($0.score == $1.score && $0.position < $1.position) }.prefix(keep))
            return finish(UnsafePointer(b.baseAddress!), best)
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
        let results = UncheckedPointer(out)
        for start in stride(from: 0, to: nq, by: block) {
            let rows = min(block, nq - start)
            scores.withUnsafeMutableBufferPointer { s in
                BLAS.sgemm(transA: false, transB: true, m: rows, n: n, k: d, a: queries + start * d, lda: d,
                           b: vectors, ldb: d, c: s.baseAddress!, ldc: n)
                let sp = UncheckedPointer(s.baseAddress!)
                Parallel.forRanges(rows, grain: 1) { lo, hi in
                    for r in lo..<hi {
                        let query = (0..<d).map { Double(queries[(start + r) * d + $0]) }
                        let scores = UnsafePointer(sp.pointer + r * n)
                        let best = TopK.largest(scores, count: n, k: k).map { ($0.index, Double($0.value)) }
                        results.pointer[start + r] = self.exactTop(scores: scores, best: best, query: query, k: k)
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

/// A pointer carried into concurrent closures; the callers write disjoint ranges.
struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
