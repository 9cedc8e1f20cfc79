import Foundation
import Testing
import Tensors
@testable import Evaluation
import Models
import TestSupport

/// `RerankingEvaluator` pinned against sentence-transformers 6.2's `RerankingEvaluator`
/// (`Fixtures/make_reranking_fixtures.py`), plus hand-computed ties, prompts and input errors.
@Suite struct RerankingEvaluatorTests {
    /// One sample as ST takes it.
    struct RawSample: Decodable {
        var query: String
        var positive: [String]
        var negative: [String]
    }

    /// One `RerankingEvaluator` configuration and ST's answers (overall and per kept sample).
    struct Case: Decodable, CustomStringConvertible {
        var name: String
        var atK: Int
        var scoreFunction: String
        var samples: [RawSample]
        var texts: [String]
        var embeddings: [[Float]]
        var metrics: [String: Double]
        var primaryMetric: String
        var perQuery: [[String: Double]]
        var description: String { "reranking/\(name)" }
    }

    struct Fixtures: Decodable {
        var sentenceTransformers: String
        var name: String
        var cases: [Case]
    }

    static let fixtures = try! Bundle.module.decodeFixture(Fixtures.self, "reranking.json", keys: .convertFromSnakeCase)

    /// Agreement required with sentence-transformers (measured: ≤ 3.4e-16 on every case).
    static let tolerance = 1e-9

    /// Looks embeddings up by text and records every call's prompt.
    final class FakeEncoder: @unchecked Sendable {
        let table: [String: [Float]]
        private(set) var prompts: [String?] = []
        init(_ table: [String: [Float]]) { self.table = table }
        func encode(_ texts: [String], _ prompt: String?) throws -> Tensor {
            prompts.append(prompt)
            let rows = texts.map { table[$0]! }
            return Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0 })
        }
    }

    static func evaluator(_ c: Case) throws -> RerankingEvaluator {
        try RerankingEvaluator(
            samples: c.samples.map { .init(query: $0.query, positives: $0.positive, negatives: $0.negative) },
            name: fixtures.name, atK: c.atK, scoreFunction: SimilarityFunction(rawValue: c.scoreFunction)!)
    }

    static func encoder(_ c: Case) -> FakeEncoder {
        FakeEncoder(Dictionary(uniqueKeysWithValues: zip(c.texts, c.embeddings)))
    }

    @Test func fixturesCoverTheBrief() {
        let f = Self.fixtures
        #expect(f.sentenceTransformers.hasPrefix("6.2"))
        #expect(Set(f.cases.map(\.name)) == ["main", "at_k_5", "dot", "ties"])
        let main = f.cases.first { $0.name == "main" }!
        #expect(main.samples.contains { $0.negative.isEmpty } && main.samples.contains { $0.positive.isEmpty })
        #expect(main.samples.contains { $0.positive.count + $0.negative.count > main.atK })
    }

    @Test(arguments: fixtures.cases)
    func matchesSentenceTransformers(_ c: Case) throws {
        let ev = try Self.evaluator(c)
        let fake = Self.encoder(c)
        let r = try ev.evaluate(encode: fake.encode)
        #expect(r.primaryMetric == c.primaryMetric)
        #expect(r.metricNames == ["map", "mrr@\(c.atK)", "ndcg@\(c.atK)"])
        #expect(Set(r.metrics.keys) == Set(c.metrics.keys))
        var worst = 0.0
        for (key, expected) in c.metrics {
            let got = try #require(r.metrics[key], "\(key)")
            worst = max(worst, abs(got - expected))
            #expect(abs(got - expected) <= Self.tolerance, "\(c.name) \(key): \(got) vs ST \(expected)")
        }
        #expect(r.rows.count == c.perQuery.count)
        let kept = c.samples.indices.filter { !c.samples[$0].positive.isEmpty && !c.samples[$0].negative.isEmpty }
        #expect(r.rows.map(\.id) == kept.map { "q\($0)" })
        for (row, expected) in zip(r.rows, c.perQuery) {
            for (key, value) in expected {
                let got = try #require(row.values[key], "\(row.id) \(key)")
                worst = max(worst, abs(got - value))
                #expect(abs(got - value) <= Self.tolerance, "\(c.name) \(row.id) \(key): \(got) vs ST \(value)")
            }
        }
        print("reranking/\(c.name): max deviation from ST \(worst)")
    }

    @Test func mteb_reportsMapAndMRRAt10() throws {
        let c = Self.fixtures.cases.first { $0.name == "main" }!
        let r = try Self.evaluator(c).evaluate(encode: Self.encoder(c).encode)
        #expect(r.metrics["map"] != nil && r.metrics["mrr@10"] != nil && r.primaryMetric == "ndcg@10")
    }

    /// One query, candidates on a line: hand-computed AP, MRR and NDCG, with an exact tie.
    @Test func handComputedTies() throws {
        // Scores (dot): positive 2, negatives 3, 2, 1 → ranks: neg(3), {pos, neg}(2), neg(1).
        let table: [String: [Float]] = ["q": [1], "p": [2], "n3": [3], "n2": [2], "n1": [1]]
        let ev = try RerankingEvaluator(samples: [.init(id: "only", query: "q", positives: ["p"], negatives: ["n3", "n2", "n1"])],
                                        atK: 10, scoreFunction: .dotProduct)
        let r = try ev.evaluate(encode: FakeEncoder(table).encode)
        // sklearn AP: the tied group {p, n2} enters at once: recall 1, precision 1/3.
        #expect(abs(r.metrics["map"]! - 1.0 / 3) < 1e-12)
        // MRR: ties keep input order, positives first → p at rank 2.
        #expect(abs(r.metrics["mrr@10"]! - 0.5) < 1e-12)
        // NDCG: gain ½ spread over ranks 2 and 3.
        let ndcg = 0.5 * (1 / log2(3.0) + 1 / log2(4.0))
        #expect(abs(r.metrics["ndcg@10"]! - ndcg) < 1e-12)
        #expect(r.rows.map(\.id) == ["only"])
        // k = 2 cuts the tied group: only rank 2's discount counts.
        let cut = try RerankingEvaluator(samples: ev.samples, atK: 2, scoreFunction: .dotProduct)
            .evaluate(encode: FakeEncoder(table).encode)
        #expect(abs(cut.metrics["ndcg@2"]! - 0.5 / log2(3.0)) < 1e-12)
        let k1 = try RerankingEvaluator(samples: ev.samples, atK: 1, scoreFunction: .dotProduct)
            .evaluate(encode: FakeEncoder(table).encode)
        #expect(k1.metrics["mrr@1"] == 0 && k1.metrics["ndcg@1"] == 0)
    }

    @Test func promptsGoToTheirRoles() throws {
        let table: [String: [Float]] = ["q": [1, 0], "p": [1, 0], "n": [0, 1]]
        let samples = [RerankingEvaluator.Sample(query: "q", positives: ["p"], negatives: ["n"])]
        let fake = FakeEncoder(table)
        let ev = try RerankingEvaluator(samples: samples, queryPrompt: "query: ")
        let withDefaults = ev.applyingDefaultPrompts(RolePrompts(query: "Q: ", document: "passage: "))
        let r = try withDefaults.evaluate(encode: fake.encode)
        #expect(fake.prompts == ["query: ", "passage: "])
        #expect(r.metrics["map"] == 1 && r.metrics["mrr@10"] == 1 && r.metrics["ndcg@10"] == 1)
    }

    @Test func badInput() throws {
        let one = [RerankingEvaluator.Sample(query: "q", positives: ["p"], negatives: ["n"])]
        #expect(throws: EvaluatorError.noQueries) {
            try RerankingEvaluator(samples: [.init(query: "q", positives: [], negatives: ["n"]),
                                             .init(query: "r", positives: ["p"], negatives: [])])
        }
        #expect(throws: EvaluatorError.self) { try RerankingEvaluator(samples: one, atK: 0) }
        #expect(throws: EvaluatorError.self) { try RerankingEvaluator(samples: one, scoreFunction: .euclidean) }
        #expect(throws: EvaluatorError.self) {
            try RerankingEvaluator(samples: [.init(id: "a", query: "q", positives: ["p"], negatives: ["n"]),
                                             .init(id: "a", query: "r", positives: ["p"], negatives: ["n"])])
        }
        let ev = try RerankingEvaluator(samples: one)
        #expect(throws: EvaluatorError.embeddingShape(role: "queries", texts: 1, shape: [2, 2])) {
            try ev.evaluate { _, _ in Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]) }
        }
        #expect(throws: EvaluatorError.dimensionMismatch(role: "document", dimension: 3, expected: "query", expectedDimension: 2)) {
            try ev.evaluate { texts, _ in
                texts == ["q"] ? Tensor(shape: [1, 2], scalars: [1, 0]) : Tensor(shape: [2, 3], scalars: [1, 0, 0, 0, 1, 0])
            }
        }
        #expect(throws: EvaluatorError.nonFiniteEmbedding(role: "documents", row: 1, id: nil)) {
            try ev.evaluate { texts, _ in
                texts == ["q"] ? Tensor(shape: [1, 2], scalars: [1, 0]) : Tensor(shape: [2, 2], scalars: [1, 0, .nan, 1])
            }
        }
    }
}
