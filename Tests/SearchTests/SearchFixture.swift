import Foundation
import Search
import Tensors
import TestSupport

/// `Fixtures/search.json` (made by `make_search_fixtures.py` with FAISS 1.15.1 and sentence-transformers 6.2.0).
struct SearchFixture: Decodable {
    let dim: Int
    let corpus: [Float]
    let queries: [Float]
    let flat_ids: [[Int]]
    let flat_scores: [Float]
    let binary_threshold: [Float]
    let hamming: [[Int]]
    let hamming_ids: [[Int]]
    let int8_minimum: [Float]
    let int8_step: [Float]
    let int8_codes: [Int]

    static let shared: SearchFixture = try! Bundle.module.decodeFixture(SearchFixture.self, "search.json")

    var count: Int { corpus.count / dim }
    var queryCount: Int { queries.count / dim }
    var corpusTensor: Tensor { Tensor(shape: [count, dim], scalars: corpus) }
    var queryTensor: Tensor { Tensor(shape: [queryCount, dim], scalars: queries) }
    /// Query `q` alone.  // [1, D]
    func query(_ q: Int) -> Tensor { Tensor(shape: [1, dim], scalars: Array(queries[q * dim..<(q + 1) * dim])) }

    /// The fixture's corpus as an index file in `folder`, every width in `dims` stored in every precision.
    func index(in folder: TemporaryFolder, dims: [Int] = [16, 48], precisions: [ShortlistPrecision] = ShortlistPrecision.allCases,
               name: String = "fixture.wbindex") throws -> VectorIndex {
        let url = folder.appendingPathComponent(name)
        try IndexBuilder(dims: dims, precisions: precisions).write(corpus: corpusRows, embeddings: corpusTensor, model: model, to: url)
        return try VectorIndex(url: url)
    }

    var corpusRows: IndexCorpus { try! IndexCorpus(source: "fixture", ids: (0..<count).map { "d\($0)" }, texts: (0..<count).map { "passage \($0)" }) }
    var model: IndexManifest.Model {
        IndexManifest.Model(name: "fixture-model", fingerprint: "f1", dimension: dim, documentPrompt: "passage: ", queryPrompt: "query: ")
    }

    /// Exact cosine ranking in Double: the oracle for flat search.
    func exactRanking(query q: Int, k: Int) -> [Int] {
        let scores = (0..<count).map { i in
            var dot = 0.0, nq = 0.0, nd = 0.0
            for j in 0..<dim {
                let a = Double(queries[q * dim + j]), b = Double(corpus[i * dim + j])
                dot += a * b; nq += a * a; nd += b * b
            }
            return dot / (nq.squareRoot() * nd.squareRoot())
        }
        return Array((0..<count).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.prefix(k))
    }
}
