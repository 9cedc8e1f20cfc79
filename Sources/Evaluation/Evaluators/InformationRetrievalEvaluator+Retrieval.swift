import Tensors

/// Ranking the corpus for every query: Float32 scores by one matrix product per block of queries pick the
/// candidates, and the candidates are re-scored in Double one pair at a time to fix their order.
///
/// The re-scoring makes equal embeddings score exactly equal wherever they sit in the corpus (BLAS kernels
/// round edge columns differently), so ties fall to the smaller corpus id, as in sentence-transformers.
extension InformationRetrievalEvaluator {
    /// Scores of one block of queries against the whole corpus are at most this many floats (64 MiB).
    static let scoreBlockElements = 16 << 20

    /// The indices (into `corpusIDs`) of each query's best `k` documents, best first; ties go to the lower
    /// index, i.e. the smaller corpus id. Queries are scored `blockElements / corpus size` at a time.
    func topHits(queries q: EncodedTexts, corpus d: EncodedTexts, k: Int, blockElements: Int = scoreBlockElements) throws -> [[Int]] {
        try BLAS.load()
        let cosine = scoreFunction == .cosine
        let qNorms = q.norms(), dNorms = d.norms()
        let dim = q.dimension, n = d.count
        // A Float32 dot product of length D is off by less than γ·|q||d|, γ = (D+4)u / (1 − (D+4)u), u = 2⁻²⁴
        // (4 more roundings for normalising); candidates within 2γ of the k-th Float32 score may still
        // belong in the top k once scored exactly.
        let maxDocNorm = cosine ? 1 : dNorms.max()!
        let du = Double(dim + 4) * 0x1p-24
        let bound = du / (1 - du)
        return GradMode.withoutGradients {
            let (qs, ds) = cosine ? (q.tensor.l2Normalized(), d.tensor.l2Normalized()) : (q.tensor, d.tensor)
            let blockRows = max(1, min(q.count, blockElements / n))
            var hits: [[Int]] = []
            hits.reserveCapacity(q.count)
            for start in stride(from: 0, to: q.count, by: blockRows) {
                let rows = min(blockRows, q.count - start)
                let block = Tensor(shape: [rows, dim], scalars: Array(UnsafeBufferPointer(start: qs.data + start * dim, count: rows * dim)))
                let scores = Tensor.matmul(block, ds, transposeB: true)                 // [rows, N]
                for r in 0..<rows {
                    let i = start + r
                    let row = scores.data + r * n
                    let best = Self.topK(row, count: n, k: k)
                    let margin = Float(2 * bound * (cosine ? 1 : qNorms[i] * maxDocNorm))
                    let threshold = row[best[k - 1]] - margin
                    let candidates = (0..<n).filter { row[$0] >= threshold }
                    let exact = candidates.map { j in
                        var dot = 0.0
                        let a = q.row(i), b = d.row(j)
                        for t in 0..<dim { dot += Double(a[t]) * Double(b[t]) }
                        return cosine ? dot / (max(qNorms[i], 1e-12) * max(dNorms[j], 1e-12)) : dot
                    }
                    let order = candidates.indices.sorted { exact[$0] > exact[$1] || (exact[$0] == exact[$1] && candidates[$0] < candidates[$1]) }
                    hits.append(order.prefix(k).map { candidates[$0] })
                }
            }
            return hits
        }
    }

    /// The positions of the `k` largest of `count` scores, largest first, equal scores by ascending position.
    static func topK(_ scores: UnsafePointer<Float>, count: Int, k: Int) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        for j in 0..<count {
            let s = scores[j]
            // positions arrive in ascending order, so a later equal score never displaces an earlier one
            if best.count == k {
                guard s > scores[best[k - 1]] else { continue }
                best.removeLast()
            }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if scores[best[mid]] >= s { lo = mid + 1 } else { hi = mid }
            }
            best.insert(j, at: lo)
        }
        return best
    }
}
