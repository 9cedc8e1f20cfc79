import Foundation
import Tensors

/// Reranking quality of embeddings: each query's positives and negatives ranked by similarity, as
/// sentence-transformers' `RerankingEvaluator`.
///
/// Each sample's candidates are its positives followed by its negatives, scored against the query by
/// `scoreFunction` (cosine by default, as ST's `cos_sim`). The metrics are ST 6.2's, under its keys, each
/// the mean over samples:
/// - `map`: sklearn's `average_precision_score` of the candidates (ties grouped, as sklearn does);
/// - `mrr@k`: 1 / rank of the first positive in the top k (0 when none);
/// - `ndcg@k`: sklearn's `ndcg_score` with k (log₂ discount, tied scores given their group's mean gain).
///
/// MTEB's reranking task reports the same `map` and `mrr@10`. For MRR, tied candidates keep their input
/// order (positives first), which is what ST's `torch.argsort` does on CPU for up to 16 candidates; with
/// more, torch's order among exact ties is unspecified. Samples without a positive or without a negative
/// are left out, as in ST. The primary metric is `ndcg@k` (ST's). Rows: one per kept sample, id `q<i>`
/// (i its position among the samples given) or the sample's own id, with `map`, `mrr@k` and `ndcg@k`.
///
/// ```swift
/// let rr = try RerankingEvaluator(samples: [.init(query: "q", positives: ["a"], negatives: ["b", "c"])], name: "dev")
/// let r = try rr.evaluate(model)         // r.metrics["ndcg@10"], r.metrics["map"], r.metrics["mrr@10"]
/// ```
public struct RerankingEvaluator: SentenceEvaluator, Sendable {
    /// One query with the candidates to rank for it.
    public struct Sample: Sendable, Equatable {
        /// The row id (nil: `q<i>`, i the sample's position in the list given).
        public var id: String?
        /// The query text.
        public var query: String
        /// Relevant candidates.
        public var positives: [String]
        /// Irrelevant candidates.
        public var negatives: [String]

        /// Makes a sample.
        public init(id: String? = nil, query: String, positives: [String], negatives: [String]) {
            self.id = id
            self.query = query
            self.positives = positives
            self.negatives = negatives
        }
    }

    /// The evaluated samples: those with at least one positive and one negative, in the order given.
    public let samples: [Sample]
    /// The row id of each evaluated sample.
    public let sampleIDs: [String]
    public let name: String
    /// The cut-off of `mrr@k` and `ndcg@k` (ST's `at_k`).
    public let atK: Int
    /// How queries and candidates are compared: `.cosine` or `.dotProduct`.
    public let scoreFunction: SimilarityFunction
    /// Text put in front of every query when encoding (nil: none).
    public internal(set) var queryPrompt: String?
    /// Text put in front of every candidate when encoding (nil: none).
    public internal(set) var documentPrompt: String?
    public let primaryMetric: String
    /// The data files the texts came from (empty for texts in memory).
    public var files: [URL] = []

    /// Makes an evaluator; samples without a positive or without a negative are left out, as in ST.
    ///
    /// - Throws: `EvaluatorError` when `atK` < 1, `scoreFunction` is not `.cosine` or `.dotProduct`, two
    ///   samples share an id, or no sample has both a positive and a negative (`.noQueries`).
    public init(
        samples: [Sample], name: String = "", atK: Int = 10, scoreFunction: SimilarityFunction = .cosine,
        queryPrompt: String? = nil, documentPrompt: String? = nil
    ) throws(EvaluatorError) {
        guard atK >= 1 else { throw .invalidOption(name: "atK", value: "\(atK)", reason: "the cut-off must be ≥ 1") }
        guard scoreFunction == .cosine || scoreFunction == .dotProduct else {
            throw .invalidOption(name: "scoreFunction", value: scoreFunction.rawValue, reason: "reranking supports cosine and dot")
        }
        let kept = samples.indices.filter { !samples[$0].positives.isEmpty && !samples[$0].negatives.isEmpty }
        guard !kept.isEmpty else { throw .noQueries }
        let ids = kept.map { samples[$0].id ?? "q\($0)" }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            throw .invalidOption(name: "samples", value: id, reason: "two samples have this id; row ids must be unique")
        }
        self.samples = kept.map { samples[$0] }
        sampleIDs = ids
        self.name = name
        self.atK = atK
        self.scoreFunction = scoreFunction
        self.queryPrompt = queryPrompt
        self.documentPrompt = documentPrompt
        primaryMetric = "ndcg@\(atK)"
    }

    /// The metric keys, in ST's order: `map`, `mrr@k`, `ndcg@k`.
    public var metricNames: [String] { ["map", "mrr@\(atK)", "ndcg@\(atK)"] }

    /// Encodes the queries (one call, `queryPrompt`) and all candidates (one call, `documentPrompt`), and
    /// ranks each sample's candidates.
    public func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult {
        let queries = try EncodedTexts(texts: samples.map(\.query), prompt: queryPrompt, role: "queries", ids: sampleIDs, encode: encode)
        let documents = try EncodedTexts(texts: samples.flatMap { $0.positives + $0.negatives }, prompt: documentPrompt,
                                         role: "documents", encode: encode)
        guard documents.dimension == queries.dimension else {
            throw EvaluatorError.dimensionMismatch(role: "document", dimension: documents.dimension,
                                                   expected: "query", expectedDimension: queries.dimension)
        }
        let names = metricNames
        var rows: [PerItemScore] = []
        var offset = 0
        for (i, sample) in samples.enumerated() {
            let relevant = [Bool](repeating: true, count: sample.positives.count)
                + [Bool](repeating: false, count: sample.negatives.count)
            let scores = relevant.indices.map { j in // [C]
                scoreFunction.pairwise(queries.row(i), documents.row(offset + j), dimension: queries.dimension)
            }
            offset += relevant.count
            let values = [Self.averagePrecision(scores: scores, relevant: relevant),
                          Self.reciprocalRank(scores: scores, relevant: relevant, k: atK),
                          Self.ndcg(scores: scores, relevant: relevant, k: atK)]
            rows.append(PerItemScore(id: sampleIDs[i], values: Dictionary(uniqueKeysWithValues: zip(names, values))))
        }
        var metrics: [String: Double] = [:]
        for key in names { metrics[key] = rows.reduce(0.0) { $0 + $1.values[key]! } / Double(rows.count) }
        return EvaluationResult(name: name, primaryMetric: primaryMetric, metrics: metrics, metricNames: names, rows: rows)
    }
}
