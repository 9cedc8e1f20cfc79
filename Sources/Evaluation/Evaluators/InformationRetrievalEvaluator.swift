import Foundation
import Tensors

/// Retrieval quality of embeddings on queries, a corpus and relevance judgements, as sentence-transformers'
/// `InformationRetrievalEvaluator`.
///
/// Every query with at least one relevant document is embedded (with `queryPrompt`), every document
/// (with `corpusPrompt`), and the documents are ranked by `scoreFunction` — descending score, ties
/// by ascending corpus id, as ST 6.2 does. The metrics are ST's, under ST's keys
/// `"\(scoreFunction)_\(metric)@\(k)"` (`cosine_ndcg@10`), each the mean over queries of:
/// - `accuracy@k`: 1 when a relevant document is in the top k;
/// - `precision@k`: relevant documents in the top k, divided by k (even when the corpus is smaller);
/// - `recall@k`: relevant documents in the top k, divided by the number of relevant documents;
/// - `mrr@k`: 1 / rank of the first relevant document in the top k (0 when none);
/// - `ndcg@k`: binary-gain DCG of the top k, Σ 1/log₂(rank+1), over the DCG of min(k, #relevant) hits;
/// - `map@k`: Σ precision at each relevant rank in the top k, divided by min(k, #relevant).
///
/// "Relevant" counts every id in `relevantDocs`, also ids missing from the corpus, as ST does.
/// The primary metric is `cosine_ndcg@10` (the largest ndcg k). Rows: one per query, id = query id,
/// with every metric's per-query value under the same key.
///
/// ```swift
/// let ir = try InformationRetrievalEvaluator(queries: queries, corpus: corpus, relevantDocs: qrels,
///                                            name: "legal-dev", queryPrompt: "query: ", corpusPrompt: "passage: ")
/// let r = try ir.evaluate(model)         // r.metrics["cosine_ndcg@10"], r.column("cosine_ndcg@10")
/// ```
public struct InformationRetrievalEvaluator: SentenceEvaluator, Sendable {
    /// Ids of the evaluated queries (those with a relevant document), in ascending id order.
    public let queryIDs: [String]
    /// The query texts, aligned with `queryIDs`.
    public let queryTexts: [String]
    /// Document ids, in ascending id order (which is also the tie-break order).
    public let corpusIDs: [String]
    /// The document texts, aligned with `corpusIDs`.
    public let corpusTexts: [String]
    /// Relevant document ids of each query.
    public let relevantDocs: [String: Set<String>]
    public let name: String
    /// Text put in front of every query when encoding (nil: none).
    public internal(set) var queryPrompt: String?
    /// Text put in front of every document when encoding (nil: none).
    public internal(set) var corpusPrompt: String?
    /// How queries and documents are compared: `.cosine` or `.dotProduct`.
    public let scoreFunction: SimilarityFunction
    /// The cut-offs of each metric family (ST's defaults).
    public let accuracyAtK: [Int], precisionRecallAtK: [Int], mrrAtK: [Int], ndcgAtK: [Int], mapAtK: [Int]
    public let primaryMetric: String
    /// The data files the texts came from (set by the built-in data sets; empty for texts in memory).
    public var files: [URL] = []

    /// Makes an evaluator; queries without relevant documents are left out, as in ST.
    ///
    /// - Throws: `EvaluatorError` when no query has a relevant document, the corpus is empty, a k list is
    ///   empty or holds a k < 1, or `scoreFunction` is not `.cosine` or `.dotProduct`.
    public init(
        queries: [String: String], corpus: [String: String], relevantDocs: [String: Set<String>], name: String = "",
        queryPrompt: String? = nil, corpusPrompt: String? = nil, scoreFunction: SimilarityFunction = .cosine,
        accuracyAtK: [Int] = [1, 3, 5, 10], precisionRecallAtK: [Int] = [1, 3, 5, 10],
        mrrAtK: [Int] = [10], ndcgAtK: [Int] = [10], mapAtK: [Int] = [100]
    ) throws(EvaluatorError) {
        guard scoreFunction == .cosine || scoreFunction == .dotProduct else {
            throw .invalidOption(name: "scoreFunction", value: scoreFunction.rawValue, reason: "retrieval supports cosine and dot")
        }
        for (option, ks) in [("accuracyAtK", accuracyAtK), ("precisionRecallAtK", precisionRecallAtK), ("mrrAtK", mrrAtK),
                             ("ndcgAtK", ndcgAtK), ("mapAtK", mapAtK)] {
            guard !ks.isEmpty, ks.allSatisfy({ $0 >= 1 }) else {
                throw .invalidOption(name: option, value: "\(ks)", reason: "list at least one cut-off, each ≥ 1")
            }
        }
        guard !corpus.isEmpty else { throw .emptyCorpus }
        let ids = queries.keys.filter { !(relevantDocs[$0]?.isEmpty ?? true) }.sorted(by: Self.idPrecedes)
        guard !ids.isEmpty else { throw .noQueries }
        queryIDs = ids
        queryTexts = ids.map { queries[$0]! }
        corpusIDs = corpus.keys.sorted(by: Self.idPrecedes)
        corpusTexts = corpusIDs.map { corpus[$0]! }
        self.relevantDocs = relevantDocs
        self.name = name
        self.queryPrompt = queryPrompt
        self.corpusPrompt = corpusPrompt
        self.scoreFunction = scoreFunction
        self.accuracyAtK = Self.unique(accuracyAtK)
        self.precisionRecallAtK = Self.unique(precisionRecallAtK)
        self.mrrAtK = Self.unique(mrrAtK)
        self.ndcgAtK = Self.unique(ndcgAtK)
        self.mapAtK = Self.unique(mapAtK)
        primaryMetric = "\(scoreFunction.rawValue)_ndcg@\(ndcgAtK.max()!)"
    }

    /// The metric names in ST's report order: accuracy, precision, recall, ndcg, mrr, map.
    public var metricNames: [String] {
        let f = scoreFunction.rawValue
        return accuracyAtK.map { "\(f)_accuracy@\($0)" } + precisionRecallAtK.map { "\(f)_precision@\($0)" }
            + precisionRecallAtK.map { "\(f)_recall@\($0)" } + ndcgAtK.map { "\(f)_ndcg@\($0)" }
            + mrrAtK.map { "\(f)_mrr@\($0)" } + mapAtK.map { "\(f)_map@\($0)" }
    }

    /// The deepest cut-off of any metric: how many documents are ranked per query.
    var maxK: Int { (accuracyAtK + precisionRecallAtK + mrrAtK + ndcgAtK + mapAtK).max()! }

    /// Encodes the queries and the corpus, ranks the corpus for every query, and averages the per-query metrics.
    public func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult {
        let q = try EncodedTexts(texts: queryTexts, prompt: queryPrompt, role: "queries", ids: queryIDs, encode: encode)
        let d = try EncodedTexts(texts: corpusTexts, prompt: corpusPrompt, role: "corpus", ids: corpusIDs, encode: encode)
        guard q.dimension == d.dimension else {
            throw EvaluatorError.dimensionMismatch(role: "query", dimension: q.dimension, expected: "corpus", expectedDimension: d.dimension)
        }
        let hits = try topHits(queries: q, corpus: d, k: min(maxK, d.count))   // [Q][≤ maxK] corpus indices
        return try evaluate(rankings: hits.map { $0.map { corpusIDs[$0] } })
    }

    /// The metrics of rankings made elsewhere (a vector index, another engine): `rankings[i]` holds the
    /// document ids ranked for `queryIDs[i]`, best first. A list shorter than a cut-off counts the missing
    /// ranks as not relevant.
    ///
    /// - Throws: `EvaluatorError.invalidOption` when there is not one ranking per query.
    public func evaluate(rankings: [[String]]) throws -> EvaluationResult {
        guard rankings.count == queryIDs.count else {
            throw EvaluatorError.invalidOption(name: "rankings", value: "\(rankings.count) lists", reason: "expected one per query (\(queryIDs.count))")
        }
        let names = metricNames
        var sums = [Double](repeating: 0, count: names.count)
        var rows: [PerItemScore] = []
        rows.reserveCapacity(queryIDs.count)
        for (i, qid) in queryIDs.enumerated() {
            let relevant = relevantDocs[qid]!
            let values = queryMetrics(isRelevant: rankings[i].map { relevant.contains($0) }, relevantCount: relevant.count)
            for j in values.indices { sums[j] += values[j] }
            rows.append(PerItemScore(id: qid, values: Dictionary(uniqueKeysWithValues: zip(names, values))))
        }
        let n = Double(queryIDs.count)
        let metrics = Dictionary(uniqueKeysWithValues: zip(names, sums.map { $0 / n }))
        return EvaluationResult(name: name, primaryMetric: primaryMetric, metrics: metrics, metricNames: names, rows: rows)
    }

    /// Python's string order (by Unicode scalar values), which ST's tie-break by corpus id uses.
    static func idPrecedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lazy.map(\.value).lexicographicallyPrecedes(b.unicodeScalars.lazy.map(\.value))
    }

    /// The list without repeats, first occurrences kept (ST keys a dict by k).
    static func unique(_ ks: [Int]) -> [Int] {
        var seen = Set<Int>()
        return ks.filter { seen.insert($0).inserted }
    }
}
