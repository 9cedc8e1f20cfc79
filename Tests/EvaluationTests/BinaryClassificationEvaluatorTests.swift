import Foundation
import Testing
import Tensors
@testable import Evaluation
import Models
import TestSupport

/// `BinaryClassificationEvaluator` pinned against sentence-transformers 6.2's `BinaryClassificationEvaluator`
/// (`Fixtures/make_reranking_fixtures.py`), plus hand-computed thresholds and input errors.
@Suite struct BinaryClassificationEvaluatorTests {
    /// One configuration and ST's answer.
    struct Case: Decodable, CustomStringConvertible {
        var name: String
        var similarityFnNames: [String]?
        var metrics: [String: Double]
        var metricNames: [String]
        var primaryMetric: String
        var description: String { "pairs/\(name)" }
    }

    struct Fixtures: Decodable {
        var sentenceTransformers: String
        var name: String
        var sentences1: [String]
        var sentences2: [String]
        var labels: [Int]
        var texts: [String]
        var embeddings: [[Float]]
        var pairScores: [String: [Double]]
        var cases: [Case]
    }

    static let fixtures = try! Bundle.module.decodeFixture(Fixtures.self, "pair_classification.json", keys: .convertFromSnakeCase)

    /// Agreement required for metrics that depend only on the order of the scores.
    static let tolerance = 1e-9
    /// Agreement required for thresholds and scores, relative to max(1, |value|): ST computes them in float32,
    /// this evaluator in Double (measured: ≤ 2.2e-7; order-only metrics ≤ 4.5e-16).
    static let thresholdTolerance = 1e-6

    final class FakeEncoder: @unchecked Sendable {
        let table: [String: [Float]]
        private(set) var calls: [(texts: [String], prompt: String?)] = []
        init(_ table: [String: [Float]]) { self.table = table }
        func encode(_ texts: [String], _ prompt: String?) throws -> Tensor {
            calls.append((texts, prompt))
            let rows = texts.map { table[$0]! }
            return Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0 })
        }
    }

    static func encoder() -> FakeEncoder {
        FakeEncoder(Dictionary(uniqueKeysWithValues: zip(fixtures.texts, fixtures.embeddings)))
    }

    static func evaluator(_ c: Case) throws -> BinaryClassificationEvaluator {
        let f = fixtures
        return try BinaryClassificationEvaluator(
            sentences1: f.sentences1, sentences2: f.sentences2, labels: f.labels, name: f.name,
            similarityFunctions: (c.similarityFnNames ?? ["cosine"]).map { SimilarityFunction(rawValue: $0)! })
    }

    @Test func fixturesCoverTheBrief() {
        let f = Self.fixtures
        #expect(f.sentenceTransformers.hasPrefix("6.2"))
        #expect(Set(f.labels) == [0, 1])
        #expect(Set(f.cases.map(\.primaryMetric)) == ["max_ap", "cosine_ap"])
        // Repeated pairs make exact score ties.
        #expect(Set(zip(f.sentences1, f.sentences2).map { "\($0)|\($1)" }).count < f.labels.count)
    }

    @Test(arguments: fixtures.cases)
    func matchesSentenceTransformers(_ c: Case) throws {
        let fake = Self.encoder()
        let ev = try Self.evaluator(c)
        let r = try ev.evaluate(encode: fake.encode)
        #expect(r.primaryMetric == c.primaryMetric)
        #expect(r.metricNames == c.metricNames)
        var worst = 0.0, worstThreshold = 0.0
        for (key, expected) in c.metrics {
            let got = try #require(r.metrics[key], "\(key)")
            if key.hasSuffix("_threshold") {
                let relative = abs(got - expected) / max(1, abs(expected))
                worstThreshold = max(worstThreshold, relative)
                #expect(relative <= Self.thresholdTolerance, "\(c.name) \(key): \(got) vs ST \(expected)")
            } else {
                worst = max(worst, abs(got - expected))
                #expect(abs(got - expected) <= Self.tolerance, "\(c.name) \(key): \(got) vs ST \(expected)")
            }
        }
        // Rows: the label and ST's per-pair score of every function (distances positive).
        #expect(r.rows.map(\.id) == Self.fixtures.labels.indices.map { "pair\($0)" })
        for (i, row) in r.rows.enumerated() {
            #expect(row.values["label"] == Double(Self.fixtures.labels[i]))
            for f in ev.similarityFunctions {
                let expected = Self.fixtures.pairScores[f.rawValue]![i]
                let relative = abs(row.values[f.rawValue]! - expected) / max(1, abs(expected))
                worstThreshold = max(worstThreshold, relative)
                #expect(relative <= Self.thresholdTolerance, "pair\(i) \(f.rawValue)")
            }
        }
        // Each distinct sentence is encoded once.
        #expect(fake.calls.count == 1 && fake.calls[0].texts.count == Set(Self.fixtures.sentences1 + Self.fixtures.sentences2).count)
        print("pairs/\(c.name): max deviation from ST \(worst) (metrics), \(worstThreshold) relative (thresholds, scores)")
    }

    /// Five pairs on a line, by hand: similarities 0.9(1) 0.8(0) 0.7(1) 0.2(0) 0.1(0) as dot products.
    @Test func handComputedThresholds() throws {
        let values: [Float] = [0.9, 0.8, 0.7, 0.2, 0.1]
        var table: [String: [Float]] = ["anchor": [1]]
        for (i, v) in values.enumerated() { table["s\(i)"] = [v] }
        let ev = try BinaryClassificationEvaluator(sentences1: Array(repeating: "anchor", count: 5), sentences2: (0..<5).map { "s\($0)" },
                                                   labels: [1, 0, 1, 0, 0], similarityFunctions: [.dotProduct])
        let r = try ev.evaluate(encode: FakeEncoder(table).encode)
        #expect(r.primaryMetric == "dot_ap")
        // Accuracy: cut after 0.9 → 4/5 (first best; cut after 0.7 also gives 4/5 but is not strictly better).
        #expect(abs(r.metrics["dot_accuracy"]! - 0.8) < 1e-12)
        #expect(abs(r.metrics["dot_accuracy_threshold"]! - Double(Float(0.9) + Float(0.8)) / 2) < 1e-7)
        // F1: cut after 0.7 → precision 2/3, recall 1, F1 0.8; threshold midway to 0.2.
        #expect(abs(r.metrics["dot_f1"]! - 0.8) < 1e-12)
        #expect(abs(r.metrics["dot_precision"]! - 2.0 / 3) < 1e-12 && r.metrics["dot_recall"] == 1)
        #expect(abs(r.metrics["dot_f1_threshold"]! - 0.45) < 1e-7)
        // AP = ½·1 + ½·⅔; MCC at the F1 threshold: tp 2, fp 1, tn 2, fn 0.
        #expect(abs(r.metrics["dot_ap"]! - (0.5 + 1.0 / 3)) < 1e-12)
        #expect(abs(r.metrics["dot_mcc"]! - 4 / (3 * 2 * 3 * 2.0).squareRoot()) < 1e-12)
        // Distances keep their sign: euclidean distances 0.1 … 0.9, thresholds positive.
        let ed = try BinaryClassificationEvaluator(sentences1: Array(repeating: "anchor", count: 5), sentences2: (0..<5).map { "s\($0)" },
                                                   labels: [1, 0, 1, 0, 0], similarityFunctions: [.euclidean, .manhattan])
        let e = try ed.evaluate(encode: FakeEncoder(table).encode)
        #expect(e.primaryMetric == "max_ap")
        #expect(abs(e.metrics["euclidean_f1_threshold"]! - 0.55) < 1e-6)
        #expect(abs(e.metrics["euclidean_ap"]! - (0.5 + 1.0 / 3)) < 1e-12)
        #expect(abs(e.rows[4].values["manhattan"]! - 0.9) < 1e-6)
    }

    /// All pairs tie: no threshold beats "nothing is a duplicate"; its threshold is one float32 step past the score.
    @Test func allTied() throws {
        let table: [String: [Float]] = ["a": [1, 0], "b": [1, 0]]
        let ev = try BinaryClassificationEvaluator(sentences1: ["a", "a", "a"], sentences2: ["b", "b", "b"], labels: [0, 1, 0],
                                                   similarityFunctions: [.cosine])
        let r = try ev.evaluate(encode: FakeEncoder(table).encode)
        #expect(abs(r.metrics["cosine_accuracy"]! - 2.0 / 3) < 1e-12)
        #expect(r.metrics["cosine_accuracy_threshold"] == Double(Float(1).nextUp))
        #expect(r.metrics["cosine_f1_threshold"] == 1)
        #expect(abs(r.metrics["cosine_ap"]! - 1.0 / 3) < 1e-12 && r.metrics["cosine_mcc"] == 0)
    }

    @Test func promptIsSymmetric() throws {
        let table: [String: [Float]] = ["a": [1, 0], "b": [0, 1]]
        let fake = FakeEncoder(table)
        let ev = try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["a", "a"], labels: [1, 0])
        _ = try ev.applyingDefaultPrompts(RolePrompts(query: "q: ", symmetric: "sym: ")).evaluate(encode: fake.encode)
        #expect(fake.calls.map(\.prompt) == ["sym: "])
        #expect(fake.calls[0].texts == ["a", "b"])
    }

    @Test func badInput() throws {
        #expect(throws: EvaluatorError.lengthMismatch(name: "sentences2", count: 1, expected: "sentences1", expectedCount: 2)) {
            try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c"], labels: [0, 1])
        }
        #expect(throws: EvaluatorError.lengthMismatch(name: "labels", count: 3, expected: "sentences1", expectedCount: 2)) {
            try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], labels: [0, 1, 1])
        }
        #expect(throws: EvaluatorError.invalidLabel(index: 1, value: 2)) {
            try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], labels: [0, 2])
        }
        #expect(throws: EvaluatorError.missingLabel(label: 0, count: 2)) {
            try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], labels: [1, 1])
        }
        #expect(throws: EvaluatorError.missingLabel(label: 1, count: 2)) {
            try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], labels: [0, 0])
        }
        #expect(throws: EvaluatorError.self) {
            try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], labels: [0, 1], similarityFunctions: [])
        }
        #expect(throws: EvaluatorError.self) {
            try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], labels: [0, 1],
                                              similarityFunctions: [.cosine, .cosine])
        }
        #expect(EvaluatorError.missingLabel(label: 0, count: 2).description.contains("labelled 0"))
        let ev = try BinaryClassificationEvaluator(sentences1: ["a", "b"], sentences2: ["c", "d"], labels: [0, 1])
        #expect(throws: EvaluatorError.embeddingShape(role: "sentences1+sentences2", texts: 4, shape: [3, 2])) {
            try ev.evaluate { _, _ in Tensor(shape: [3, 2], scalars: [Float](repeating: 1, count: 6)) }
        }
    }
}
