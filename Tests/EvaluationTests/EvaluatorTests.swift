import Foundation
import Testing
import Tensors
@testable import Evaluation
import TestSupport

/// Evaluators pinned against sentence-transformers 6.2 (`Fixtures/make_evaluator_fixtures.py`), plus
/// hand-computed cases, tie handling and input errors.
@Suite struct EvaluatorTests {
    // MARK: - Fixtures

    /// The STS pairs shared by every STS case of `evaluators.json`.
    struct STSData: Decodable {
        var sentences1: [String]
        var sentences2: [String]
        var scores: [Double]
        var embeddings1: [[Float]]
        var embeddings2: [[Float]]
        var pairScores: [String: [Double]]
        var cases: [STSCase]

        enum CodingKeys: String, CodingKey {
            case sentences1, sentences2, scores, embeddings1, embeddings2, cases
            case pairScores = "pair_scores"
        }
    }

    /// One `EmbeddingSimilarityEvaluator` configuration and ST's answer.
    struct STSCase: Decodable, CustomStringConvertible {
        var name: String
        var similarityFnNames: [String]?
        var mainSimilarity: String?
        var stMetrics: [String: Double]
        var metrics: [String: Double]
        var primaryMetric: String
        var description: String { "sts/\(name)" }

        enum CodingKeys: String, CodingKey {
            case name, metrics
            case similarityFnNames = "similarity_fn_names", mainSimilarity = "main_similarity"
            case stMetrics = "st_metrics", primaryMetric = "primary_metric"
        }
    }

    /// One `InformationRetrievalEvaluator` case: data, options and ST's answers (overall and per query).
    struct IRCase: Decodable, CustomStringConvertible {
        var name: String
        var scoreFunction: String
        var queryPrompt: String?
        var corpusPrompt: String?
        var options: [String: [Int]]
        var queries: [[String]]
        var corpus: [[String]]
        var relevantDocs: [String: [String]]
        var queryEmbeddings: [[Float]]
        var corpusEmbeddings: [[Float]]
        var promptsSeen: [String: [String?]]
        var stMetrics: [String: Double]
        var metrics: [String: Double]
        var primaryMetric: String
        var perQuery: [String: [String: Double]]
        var description: String { "ir/\(name)" }

        enum CodingKeys: String, CodingKey {
            case name, options, queries, corpus, metrics
            case scoreFunction = "score_function", queryPrompt = "query_prompt", corpusPrompt = "corpus_prompt"
            case relevantDocs = "relevant_docs", queryEmbeddings = "query_embeddings", corpusEmbeddings = "corpus_embeddings"
            case promptsSeen = "prompts_seen", stMetrics = "st_metrics", primaryMetric = "primary_metric", perQuery = "per_query"
        }
    }

    /// The fixture file's top level.
    struct Fixtures: Decodable {
        var sentenceTransformers: String
        var name: String
        var sts: STSData
        var ir: [IRCase]

        enum CodingKeys: String, CodingKey {
            case name, sts, ir
            case sentenceTransformers = "sentence_transformers"
        }
    }

    static let fixtures = try! Bundle.module.decodeFixture(Fixtures.self, "evaluators.json")

    /// Agreement required with sentence-transformers.
    static let tolerance = 1e-6

    /// An encode closure that looks embeddings up by text and records the prompt of every call.
    final class FakeEncoder: @unchecked Sendable {
        let table: [String: [Float]]
        private(set) var calls: [(count: Int, prompt: String?)] = []

        init(_ table: [String: [Float]]) { self.table = table }

        func encode(_ texts: [String], _ prompt: String?) throws -> Tensor {
            calls.append((texts.count, prompt))
            let rows = texts.map { table[$0]! }
            return Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0 })
        }
    }

    static func encoder(_ c: IRCase) -> FakeEncoder {
        var table: [String: [Float]] = [:]
        for (pair, e) in zip(c.queries, c.queryEmbeddings) { table[pair[1]] = e }
        for (pair, e) in zip(c.corpus, c.corpusEmbeddings) { table[pair[1]] = e }
        return FakeEncoder(table)
    }

    static func evaluator(_ c: IRCase) throws -> InformationRetrievalEvaluator {
        let o = c.options
        return try InformationRetrievalEvaluator(
            queries: Dictionary(uniqueKeysWithValues: c.queries.map { ($0[0], $0[1]) }),
            corpus: Dictionary(uniqueKeysWithValues: c.corpus.map { ($0[0], $0[1]) }),
            relevantDocs: c.relevantDocs.mapValues(Set.init), name: fixtures.name,
            queryPrompt: c.queryPrompt, corpusPrompt: c.corpusPrompt,
            scoreFunction: SimilarityFunction(rawValue: c.scoreFunction)!,
            accuracyAtK: o["accuracy_at_k"] ?? [1, 3, 5, 10], precisionRecallAtK: o["precision_recall_at_k"] ?? [1, 3, 5, 10],
            mrrAtK: o["mrr_at_k"] ?? [10], ndcgAtK: o["ndcg_at_k"] ?? [10], mapAtK: o["map_at_k"] ?? [100])
    }

    static func stsEncoder() -> FakeEncoder {
        let s = fixtures.sts
        var table: [String: [Float]] = [:]
        for (t, e) in zip(s.sentences1, s.embeddings1) { table[t] = e }
        for (t, e) in zip(s.sentences2, s.embeddings2) { table[t] = e }
        return FakeEncoder(table)
    }

    static func evaluator(_ c: STSCase) throws -> EmbeddingSimilarityEvaluator {
        let s = fixtures.sts
        return try EmbeddingSimilarityEvaluator(
            sentences1: s.sentences1, sentences2: s.sentences2, scores: s.scores, name: fixtures.name,
            similarityFunctions: c.similarityFnNames.map { $0.map { SimilarityFunction(rawValue: $0)! } },
            mainSimilarity: c.mainSimilarity.map { SimilarityFunction(rawValue: $0)! })
    }

    static func expectClose(_ ours: [String: Double], _ theirs: [String: Double], _ what: String) {
        #expect(Set(ours.keys) == Set(theirs.keys), "\(what): keys \(ours.keys.sorted()) vs ST \(theirs.keys.sorted())")
        for (key, value) in theirs {
            let mine = ours[key] ?? .nan
            #expect(abs(mine - value) <= tolerance, "\(what) \(key): \(mine) vs ST \(value)")
        }
    }

    // MARK: - Against sentence-transformers

    @Test func fixturesCoverTheBrief() {
        let f = Self.fixtures
        #expect(f.sentenceTransformers == "6.2.0")
        #expect(f.sts.scores.count == 100)
        #expect(Set(f.sts.scores).count < 20, "gold scores have ties")
        #expect(f.ir[0].queries.count >= 30 && f.ir[0].corpus.count == 200)
        #expect(Set(f.ir.map(\.name)).isSuperset(of: ["default", "prompts", "dot", "small-corpus", "ties"]))
    }

    @Test(arguments: fixtures.sts.cases)
    func similarityMatchesSentenceTransformers(_ c: STSCase) throws {
        let ev = try Self.evaluator(c)
        let encoder = Self.stsEncoder()
        let r = try ev.evaluate(encode: encoder.encode)
        #expect(encoder.calls.map(\.prompt) == [nil])
        #expect(ev.primaryMetric == c.primaryMetric && r.primaryMetric == c.primaryMetric)
        Self.expectClose(r.metrics, c.metrics, c.description)
        Self.expectClose(r.prefixedMetrics, c.stMetrics, c.description)
        #expect(Set(r.metricNames) == Set(r.metrics.keys))

        let s = Self.fixtures.sts
        #expect(r.rows.map(\.id) == (0..<s.scores.count).map { "pair\($0)" })
        for f in ev.similarityFunctions {
            let theirs = s.pairScores[f.rawValue]!
            for (i, row) in r.rows.enumerated() {
                #expect(abs(row.values[f.rawValue]! - theirs[i]) <= Self.tolerance * max(1, abs(theirs[i])), "pair\(i) \(f)")
                #expect(row.values["gold"] == s.scores[i])
            }
        }
    }

    @Test(arguments: fixtures.ir)
    func retrievalMatchesSentenceTransformers(_ c: IRCase) throws {
        let ev = try Self.evaluator(c)
        let encoder = Self.encoder(c)
        let r = try ev.evaluate(encode: encoder.encode)
        #expect(encoder.calls.map(\.prompt) == [c.promptsSeen["query"]![0], c.promptsSeen["document"]![0]])
        #expect(ev.primaryMetric == c.primaryMetric)
        Self.expectClose(r.metrics, c.metrics, c.description)
        Self.expectClose(r.prefixedMetrics, c.stMetrics, c.description)
        #expect(Set(r.metricNames) == Set(c.metrics.keys) && r.metricNames.count == c.metrics.count)

        #expect(Set(r.rows.map(\.id)) == Set(c.perQuery.keys), "\(c): ST drops queries without relevant documents")
        for row in r.rows { Self.expectClose(row.values, c.perQuery[row.id]!, "\(c) \(row.id)") }
        // every metric is the mean of its per-query column
        for key in r.metricNames {
            let column = r.column(key).map { $0! }
            #expect(abs(column.reduce(0, +) / Double(column.count) - r.metrics[key]!) <= 1e-12)
        }
    }

    /// Prints the largest difference from sentence-transformers of each metric over all cases.
    @Test func parityReport() throws {
        var worst: [String: Double] = [:]
        for c in Self.fixtures.sts.cases {
            let r = try Self.evaluator(c).evaluate(encode: Self.stsEncoder().encode)
            for (k, v) in c.metrics { worst["sts \(k)", default: 0] = max(worst["sts \(k)", default: 0], abs(r.metrics[k]! - v)) }
        }
        for c in Self.fixtures.ir {
            let r = try Self.evaluator(c).evaluate(encode: Self.encoder(c).encode)
            for (k, v) in c.metrics {
                let bare = "ir " + k.split(separator: "_", maxSplits: 1)[1]
                worst[bare, default: 0] = max(worst[bare, default: 0], abs(r.metrics[k]! - v))
            }
            for row in r.rows {
                for (k, v) in c.perQuery[row.id]! {
                    let bare = "ir per-query " + k.split(separator: "_", maxSplits: 1)[1]
                    worst[bare, default: 0] = max(worst[bare, default: 0], abs(row.values[k]! - v))
                }
            }
        }
        for (k, v) in worst.sorted(by: { $0.key < $1.key }) { print(String(format: "parity %-32@ max |Δ| = %.3g", k, v)) }
        #expect(worst.values.allSatisfy { $0 <= Self.tolerance })
    }

    // MARK: - By hand

    @Test func averageRanksShareTies() {
        #expect(Correlation.averageRanks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
        #expect(Correlation.averageRanks([3, 3, 3]) == [2, 2, 2])
        #expect(Correlation.averageRanks([1, .nan]).allSatisfy { $0.isNaN })
    }

    @Test func correlationsByHand() {
        // x̄ = 2, ȳ = 7/3: Σ(x−x̄)(y−ȳ) = 3, Σ(x−x̄)² = 2, Σ(y−ȳ)² = 42/9 → r = 9/√84
        #expect(abs(Correlation.pearson([1, 2, 3], [1, 2, 4]) - 9 / 84.0.squareRoot()) < 1e-15)
        // ranks [1, 2.5, 2.5, 4] and [1, 3, 2, 4]: 4.5 / √(4.5 · 5)
        #expect(abs(Correlation.spearman([1, 2, 2, 3], [1, 3, 2, 4]) - 4.5 / 22.5.squareRoot()) < 1e-15)
        #expect(Correlation.pearson([1, 1, 1], [1, 2, 3]).isNaN, "constant input: undefined, as scipy")
        #expect(Correlation.spearman([1, 2, 3], [4, 4, 4]).isNaN)
        #expect(abs(Correlation.pearson([1, 2, 3], [-2, -4, -6]) + 1) < 1e-15)     // scipy: -0.9999999999999998
        #expect(abs(Correlation.pearson([1, 2, 3], [1, 2, 4]) - 0.9819805060619655) < 1e-15) // scipy's value
    }

    @Test func similarityByHand() throws {
        // cosines 1, 0, −1 against gold 5, 2, 0: Spearman 1, Pearson 15/√228
        let table: [String: [Float]] = ["a": [1, 0], "b": [2, 0], "c": [0, 3], "d": [-1, 0]]
        let ev = try EmbeddingSimilarityEvaluator(sentences1: ["a", "a", "a"], sentences2: ["b", "c", "d"], scores: [5, 2, 0],
                                                  name: "hand", prompt: "sts: ")
        let encoder = FakeEncoder(table)
        let r = try ev.evaluate(encode: encoder.encode)
        #expect(encoder.calls.map(\.count) == [6] && encoder.calls.map(\.prompt) == ["sts: "])
        #expect(r.primaryMetric == "spearman_cosine" && r.metricNames == ["pearson_cosine", "spearman_cosine"])
        #expect(abs(r.metrics["spearman_cosine"]! - 1) < 1e-15)
        #expect(abs(r.metrics["pearson_cosine"]! - 15 / 228.0.squareRoot()) < 1e-15)
        #expect(r.rows == [PerItemScore(id: "pair0", values: ["cosine": 1, "gold": 5]),
                           PerItemScore(id: "pair1", values: ["cosine": 0, "gold": 2]),
                           PerItemScore(id: "pair2", values: ["cosine": -1, "gold": 0])])
        #expect(r.prefixedMetrics.keys.sorted() == ["hand_pearson_cosine", "hand_spearman_cosine"])

        let all = try EmbeddingSimilarityEvaluator(sentences1: ["a", "a", "a"], sentences2: ["b", "c", "d"], scores: [5, 2, 0],
                                                   similarityFunctions: [.cosine, .dotProduct, .euclidean, .manhattan])
        let ra = try all.evaluate(encode: FakeEncoder(table).encode)
        #expect(all.primaryMetric == "spearman_max")
        #expect(ra.rows[1].values == ["cosine": 0, "dot": 0, "euclidean": -(10.0).squareRoot(), "manhattan": -4, "gold": 2])
        #expect(abs(ra.metrics["spearman_max"]! - 1) < 1e-15)
    }

    /// Two queries, four 2-d documents; query b ties d0 and d3 at 0, which ST orders by id (d0 first).
    @Test func retrievalByHand() throws {
        let table: [String: [Float]] = ["qa": [1, 0], "qb": [0, 1],
                                        "zero": [1, 0], "one": [0.8, 0.6], "two": [0, 1], "three": [-1, 0]]
        let ev = try InformationRetrievalEvaluator(
            queries: ["a": "qa", "b": "qb", "c": "unjudged"],
            corpus: ["d3": "three", "d1": "one", "d0": "zero", "d2": "two"],
            relevantDocs: ["a": ["d1", "d3"], "b": ["d3"], "c": []], name: "hand",
            queryPrompt: "q: ", corpusPrompt: "p: ",
            accuracyAtK: [1, 3], precisionRecallAtK: [1, 3], mrrAtK: [10], ndcgAtK: [3], mapAtK: [100])
        #expect(ev.queryIDs == ["a", "b"] && ev.corpusIDs == ["d0", "d1", "d2", "d3"])
        let encoder = FakeEncoder(table)
        let r = try ev.evaluate(encode: encoder.encode)
        #expect(encoder.calls.map(\.prompt) == ["q: ", "p: "])
        #expect(r.primaryMetric == "cosine_ndcg@3")
        #expect(r.metricNames == ["cosine_accuracy@1", "cosine_accuracy@3", "cosine_precision@1", "cosine_precision@3",
                                  "cosine_recall@1", "cosine_recall@3", "cosine_ndcg@3", "cosine_mrr@10", "cosine_map@100"])
        // a ranks d0, d1✓, d2, d3✓; b ranks d2, d1, d0, d3✓ (d0 before d3 on the tie)
        let l3 = log2(3.0)
        let a: [String: Double] = ["cosine_accuracy@1": 0, "cosine_accuracy@3": 1, "cosine_precision@1": 0, "cosine_precision@3": 1.0 / 3,
                                   "cosine_recall@1": 0, "cosine_recall@3": 0.5, "cosine_ndcg@3": (1 / l3) / (1 + 1 / l3),
                                   "cosine_mrr@10": 0.5, "cosine_map@100": (1.0 / 2 + 2.0 / 4) / 2]
        let b: [String: Double] = ["cosine_accuracy@1": 0, "cosine_accuracy@3": 0, "cosine_precision@1": 0, "cosine_precision@3": 0,
                                   "cosine_recall@1": 0, "cosine_recall@3": 0, "cosine_ndcg@3": 0,
                                   "cosine_mrr@10": 0.25, "cosine_map@100": 0.25]
        #expect(r.rows.map(\.id) == ["a", "b"])
        Self.expectClose(r.rows[0].values, a, "query a")
        Self.expectClose(r.rows[1].values, b, "query b")
        Self.expectClose(r.metrics, a.merging(b) { ($0 + $1) / 2 }, "mean")
    }

    @Test func mapAndNDCGUseSTsDenominators() throws {
        // 3 relevant, one of them missing from the corpus; k = 2 caps both denominators
        let ev = try InformationRetrievalEvaluator(
            queries: ["q": "q"], corpus: ["x": "x", "y": "y", "z": "z"], relevantDocs: ["q": ["x", "z", "gone"]],
            accuracyAtK: [1], precisionRecallAtK: [2, 10], mrrAtK: [1], ndcgAtK: [2], mapAtK: [2])
        let table: [String: [Float]] = ["q": [1, 0], "x": [1, 0.1], "y": [1, 0.2], "z": [1, 0.3]]
        let r = try ev.evaluate(encode: FakeEncoder(table).encode)
        // ranking x✓, y, z✓
        #expect(r.metrics["cosine_map@2"] == 0.5)                           // (1/1) / min(2, 3)
        #expect(abs(r.metrics["cosine_ndcg@2"]! - 1 / (1 + 1 / log2(3.0))) < 1e-15)
        #expect(abs(r.metrics["cosine_recall@10"]! - 2.0 / 3) < 1e-15)    // "gone" still counts
        #expect(r.metrics["cosine_precision@10"] == 0.2)                   // divided by k, not by the 3 documents
    }

    @Test func topKBreaksTiesByPosition() {
        let s: [Float] = [0.5, 0.9, 0.5, 0.9, 0.1, 0.5]
        s.withUnsafeBufferPointer { p in
            #expect(InformationRetrievalEvaluator.topK(p.baseAddress!, count: 6, k: 3) == [1, 3, 0])
            #expect(InformationRetrievalEvaluator.topK(p.baseAddress!, count: 6, k: 4) == [1, 3, 0, 2])
            #expect(InformationRetrievalEvaluator.topK(p.baseAddress!, count: 6, k: 10) == [1, 3, 0, 2, 5, 4])
        }
    }

    /// Blocked scoring and top-k against a full sort of Double scores, on 2 000 × 64 random vectors (50 of them
    /// repeated 1 000 columns later, so that equal scores meet BLAS's different edge kernels) and many block sizes.
    @Test func blockedTopKMatchesFullSort() throws {
        var rng = SystemRandomNumberGenerator()
        let (nq, nd, dim) = (37, 2000, 64)
        let qv = (0..<nq * dim).map { _ in Float.random(in: -1...1, using: &rng) }
        var dv = (0..<nd * dim).map { _ in Float.random(in: -1...1, using: &rng) }
        for j in 0..<50 { for t in 0..<dim { dv[(1000 + 7 * j) * dim + t] = dv[j * dim + t] } }
        let names = (0..<nd).map { String(format: "d%05d", $0) }
        for function in [SimilarityFunction.cosine, .dotProduct] {
            let ev = try InformationRetrievalEvaluator(
                queries: Dictionary(uniqueKeysWithValues: (0..<nq).map { ("q\($0)", "q\($0)") }),
                corpus: Dictionary(uniqueKeysWithValues: names.map { ($0, $0) }),
                relevantDocs: Dictionary(uniqueKeysWithValues: (0..<nq).map { ("q\($0)", Set(["d0"])) }), scoreFunction: function)
            let q = try EncodedTexts(texts: Array(repeating: "", count: nq), prompt: nil, role: "queries") { _, _ in Tensor(shape: [nq, dim], scalars: qv) }
            let d = try EncodedTexts(texts: Array(repeating: "", count: nd), prompt: nil, role: "corpus") { _, _ in Tensor(shape: [nd, dim], scalars: dv) }
            let expected = (0..<nq).map { i in
                let s = (0..<nd).map { function.pairwise(q.row(i), d.row($0), dimension: dim) }
                return Array((0..<nd).sorted { (s[$0], -$0) > (s[$1], -$1) }.prefix(100))
            }
            #expect(expected.contains { top in (0..<50).contains { top.contains($0) && top.contains(1000 + 7 * $0) } },
                    "some duplicated document is ranked with its copy")
            for block in [nd, 5 * nd, 64 * nd, 1 << 30] {
                #expect(try ev.topHits(queries: q, corpus: d, k: 100, blockElements: block) == expected, "\(function) block \(block)")
            }
        }
    }

    // MARK: - Bad input

    @Test func similarityRejectsBadInput() throws {
        #expect(throws: EvaluatorError.lengthMismatch(name: "sentences2", count: 1, expected: "sentences1", expectedCount: 2)) {
            try EmbeddingSimilarityEvaluator(sentences1: ["a", "b"], sentences2: ["c"], scores: [1, 2])
        }
        #expect(throws: EvaluatorError.lengthMismatch(name: "scores", count: 3, expected: "sentences1", expectedCount: 2)) {
            try EmbeddingSimilarityEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], scores: [1, 2, 3])
        }
        #expect(throws: EvaluatorError.tooFewItems(name: "sentences1", count: 1, minimum: 2)) {
            try EmbeddingSimilarityEvaluator(sentences1: ["a"], sentences2: ["c"], scores: [1])
        }
        #expect(throws: EvaluatorError.nonFiniteScore(index: 1, value: .infinity)) {
            try EmbeddingSimilarityEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], scores: [1, .infinity])
        }
        #expect(throws: EvaluatorError.self) {
            try EmbeddingSimilarityEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], scores: [1, 2], similarityFunctions: [])
        }
        #expect(throws: EvaluatorError.self) {
            try EmbeddingSimilarityEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], scores: [1, 2], similarityFunctions: [.cosine, .cosine])
        }
        #expect(throws: EvaluatorError.self) {
            try EmbeddingSimilarityEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], scores: [1, 2],
                                             similarityFunctions: [.cosine], mainSimilarity: .dotProduct)
        }
        // only mainSimilarity: that function alone, as ST
        #expect(try EmbeddingSimilarityEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], scores: [1, 2],
                                                 mainSimilarity: .manhattan).similarityFunctions == [.manhattan])
    }

    @Test func retrievalRejectsBadInput() {
        let q = ["q": "query"], c = ["d": "doc"], rel: [String: Set<String>] = ["q": ["d"]]
        #expect(throws: EvaluatorError.noQueries) {
            try InformationRetrievalEvaluator(queries: q, corpus: c, relevantDocs: ["q": [], "other": ["d"]])
        }
        #expect(throws: EvaluatorError.emptyCorpus) { try InformationRetrievalEvaluator(queries: q, corpus: [:], relevantDocs: rel) }
        #expect(throws: EvaluatorError.invalidOption(name: "ndcgAtK", value: "[]", reason: "list at least one cut-off, each ≥ 1")) {
            try InformationRetrievalEvaluator(queries: q, corpus: c, relevantDocs: rel, ndcgAtK: [])
        }
        #expect(throws: EvaluatorError.self) { try InformationRetrievalEvaluator(queries: q, corpus: c, relevantDocs: rel, mapAtK: [0]) }
        #expect(throws: EvaluatorError.self) {
            try InformationRetrievalEvaluator(queries: q, corpus: c, relevantDocs: rel, scoreFunction: .euclidean)
        }
    }

    @Test func badEmbeddingsAreNamed() throws {
        let ev = try InformationRetrievalEvaluator(queries: ["q1": "a", "q2": "b"], corpus: ["d": "doc"], relevantDocs: ["q1": ["d"], "q2": ["d"]])
        #expect(throws: EvaluatorError.embeddingShape(role: "queries", texts: 2, shape: [3, 4])) {
            try ev.evaluate { texts, _ in Tensor(shape: [texts.count + 1, 4]) }
        }
        #expect(throws: EvaluatorError.embeddingShape(role: "queries", texts: 2, shape: [8])) {
            try ev.evaluate { texts, _ in Tensor(shape: [texts.count * 4]) }
        }
        let nan = EvaluatorError.nonFiniteEmbedding(role: "queries", row: 1, id: "q2")
        #expect(throws: nan) {
            try ev.evaluate { texts, _ in
                Tensor(shape: [texts.count, 2], scalars: texts.flatMap { $0 == "b" ? [Float.nan, 0] : [1, 0] })
            }
        }
        #expect(nan.description == "the embedding of queries text 1 (id q2) has a NaN or infinite element")
        #expect(throws: EvaluatorError.dimensionMismatch(role: "query", dimension: 2, expected: "corpus", expectedDimension: 3)) {
            try ev.evaluate { texts, _ in Tensor(shape: [texts.count, texts.count == 2 ? 2 : 3], repeating: 1) }
        }
        struct Boom: Error {}
        #expect(throws: Boom.self) { try ev.evaluate { _, _ in throw Boom() } }
    }
}

/// The Matryoshka wrapper scores each width on truncated, re-normalised embeddings from one encoding.
@Test func matryoshkaEvaluatorTruncatesAndRenormalises() throws {
    let s1 = ["a", "b", "c", "d"], s2 = ["e", "f", "g", "h"]
    let evaluator = try EmbeddingSimilarityEvaluator(sentences1: s1, sentences2: s2, scores: [0.1, 0.4, 0.2, 0.9], name: "toy")
    var table: [String: [Float]] = [:]
    for (i, t) in (s1 + s2).enumerated() {
        table[t] = (0..<4).map { j in Float(sin(Double(i * 4 + j) * 1.7)) }
    }
    var calls = 0
    let encode: ([String], String?) throws -> Tensor = { texts, _ in
        calls += 1
        return Tensor(shape: [texts.count, 4], scalars: texts.flatMap { table[$0]! })
    }
    let result = try MatryoshkaEvaluator(evaluator, dims: [2, 4]).evaluate(encode: encode)
    #expect(calls == 1)
    let full = try evaluator.evaluate(encode: encode)
    #expect(result.metrics["spearman_cosine"] == full.metrics["spearman_cosine"])
    // width 2 by hand: cosine of the first two features
    let narrow = try evaluator.evaluate { texts, _ in
        Tensor(shape: [texts.count, 2], scalars: texts.flatMap { Array(table[$0]!.prefix(2)) })
    }
    #expect(abs(result.metrics["spearman_cosine@2"]! - narrow.metrics["spearman_cosine"]!) < 1e-12)
    #expect(abs(result.metrics["pearson_cosine@2"]! - narrow.metrics["pearson_cosine"]!) < 1e-6)
}
