import Foundation
import Models
import Testing
import Tensors
@testable import Evaluation
import TestSupport

/// `ClassificationEvaluator` pinned against MTEB's protocol run with numpy and scikit-learn 1.9.1
/// (`Fixtures/make_classification_fixtures.py`): numpy's RandomState shuffle, MTEB's undersampling, the
/// logistic regression's coefficients and predictions, and the metrics.
@Suite struct ClassificationEvaluatorTests {
    // MARK: - Fixtures

    struct Shuffle: Decodable { var n: Int; var once: [Int]; var twice: [Int] }
    struct NumPy: Decodable { var raw: [String: [UInt32]]; var shuffles: [Shuffle] }

    /// One MTEB experiment: the undersampled indices, scikit-learn's fits and the metrics of its predictions.
    struct Experiment: Decodable {
        var indices: [Int]
        var classes: [String]
        var nIter: Int
        var predictions: [String]
        var tightPredictions: [String]
        var metrics: [String: Double]
        var coef: [[Double]]
        var intercept: [Double]

        enum CodingKeys: String, CodingKey {
            case indices, classes, predictions, metrics, coef, intercept
            case nIter = "n_iter", tightPredictions = "tight_predictions"
        }
    }

    /// A train / test split with MTEB's experiments on it.
    struct Case: Decodable {
        var trainTexts: [String], trainLabels: [String], testTexts: [String], testLabels: [String]
        var trainEmbeddings: [[Float]], testEmbeddings: [[Float]]
        var nExperiments: Int, samplesPerLabel: Int, seed: UInt32
        var experiments: [Experiment]
        var meanMetrics: [String: Double]

        enum CodingKeys: String, CodingKey {
            case trainTexts = "train_texts", trainLabels = "train_labels", testTexts = "test_texts", testLabels = "test_labels"
            case trainEmbeddings = "train_embeddings", testEmbeddings = "test_embeddings"
            case nExperiments = "n_experiments", samplesPerLabel = "samples_per_label", seed, experiments
            case meanMetrics = "mean_metrics"
        }
    }

    struct MetricCase: Decodable { var gold: [String]; var predicted: [String]; var metrics: [String: Double] }

    struct Fixtures: Decodable {
        var scikitLearn: String
        var numpy: NumPy
        var multiclass: Case
        var binary: Case
        var metricCases: [MetricCase]

        enum CodingKeys: String, CodingKey {
            case numpy, multiclass, binary
            case scikitLearn = "scikit_learn", metricCases = "metric_cases"
        }
    }

    static let fixtures = try! Bundle.module.decodeFixture(Fixtures.self, "classification.json")

    static func evaluator(_ c: Case, prompt: String? = nil) throws -> ClassificationEvaluator {
        try ClassificationEvaluator(
            trainTexts: c.trainTexts, trainLabels: c.trainLabels, testTexts: c.testTexts, testLabels: c.testLabels,
            name: "fixture", nExperiments: c.nExperiments, samplesPerLabel: c.samplesPerLabel, seed: c.seed, prompt: prompt)
    }

    /// An encode closure that looks the embeddings up by text and records every call.
    final class FakeEncoder: @unchecked Sendable {
        let table: [String: [Float]]
        private(set) var calls: [(texts: [String], prompt: String?)] = []
        init(_ c: Case) {
            var t = [String: [Float]]()
            for (s, e) in zip(c.trainTexts, c.trainEmbeddings) { t[s] = e }
            for (s, e) in zip(c.testTexts, c.testEmbeddings) { t[s] = e }
            table = t
        }
        func encode(_ texts: [String], _ prompt: String?) throws -> Tensor {
            calls.append((texts, prompt))
            let rows = texts.map { table[$0]! }
            return Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 })
        }
    }

    static func double(_ rows: [[Float]]) -> [[Double]] { rows.map { $0.map(Double.init) } }

    // MARK: - numpy's generator and MTEB's undersampling

    @Test func randomStateMatchesNumPy() {
        for (seed, values) in Self.fixtures.numpy.raw {
            var r = ClassificationEvaluator.NumPyRandomState(seed: UInt32(seed)!)
            #expect((0..<values.count).map { _ in r.nextUInt32() } == values, "seed \(seed)")
        }
        for s in Self.fixtures.numpy.shuffles {
            var order = Array(0..<s.n)
            var r = ClassificationEvaluator.NumPyRandomState(seed: 42)
            r.shuffle(&order)
            #expect(order == s.once, "n \(s.n)")
            var again = ClassificationEvaluator.NumPyRandomState(seed: 42)
            again.shuffle(&order)
            #expect(order == s.twice, "n \(s.n), second experiment")
        }
    }

    @Test(arguments: ["multiclass", "binary"])
    func undersamplingMatchesMTEB(_ which: String) throws {
        let c = which == "binary" ? Self.fixtures.binary : Self.fixtures.multiclass
        let picked = try Self.evaluator(c).undersampledIndices()
        #expect(picked == c.experiments.map(\.indices))
        #expect(Set(picked).count == c.nExperiments, "experiments differ")
    }

    // MARK: - Logistic regression against scikit-learn

    @Test(arguments: ["multiclass", "binary"])
    func logisticRegressionMatchesScikitLearn(_ which: String) throws {
        let c = which == "binary" ? Self.fixtures.binary : Self.fixtures.multiclass
        let xTrain = Self.double(c.trainEmbeddings), xTest = Self.double(c.testEmbeddings)
        var worst = 0.0
        for (e, experiment) in c.experiments.enumerated() {
            #expect(experiment.nIter < 100, "scikit-learn's 100-iteration fit converged (\(which) \(e))")
            let model = ClassificationEvaluator.LogisticRegression(
                x: experiment.indices.map { xTrain[$0] }, labels: experiment.indices.map { c.trainLabels[$0] })
            #expect(model.classes == experiment.classes)
            #expect(model.coefficients.count == experiment.coef.count && model.intercepts.count == experiment.intercept.count)
            for (mine, theirs) in zip(model.coefficients, experiment.coef) {
                for (a, b) in zip(mine, theirs) { worst = max(worst, abs(a - b)) }
            }
            for (a, b) in zip(model.intercepts, experiment.intercept) { worst = max(worst, abs(a - b)) }
            let predicted = model.predict(xTest)
            #expect(predicted == experiment.predictions, "\(which) experiment \(e)")
            #expect(predicted == experiment.tightPredictions)
        }
        print("\(which): largest coefficient / intercept difference from scikit-learn \(worst)")
        #expect(worst <= 1e-7, "the exact minimiser (scikit-learn's newton-cholesky to a gradient of 1e-14)")
    }

    // MARK: - Metrics

    @Test func metricsMatchScikitLearn() {
        var cases = Self.fixtures.metricCases
        for c in [Self.fixtures.multiclass, Self.fixtures.binary] {
            cases += c.experiments.map { MetricCase(gold: c.testLabels, predicted: $0.predictions, metrics: $0.metrics) }
        }
        var worst = 0.0
        for (i, c) in cases.enumerated() {
            let mine = ClassificationEvaluator.scores(gold: c.gold, predicted: c.predicted)
            #expect(Set(mine.keys) == Set(c.metrics.keys))
            for (k, v) in c.metrics {
                worst = max(worst, abs(mine[k]! - v))
                #expect(abs(mine[k]! - v) <= 1e-15, "case \(i) \(k): \(mine[k]!) vs \(v)")
            }
            #expect(mine["f1"] == c.metrics["f1"], "macro-F1 of case \(i) is scikit-learn's to the bit")
        }
        print("metrics: largest difference from scikit-learn \(worst)")
    }

    @Test func macroF1CountsLabelsNeverPredicted() {
        // Labels a, b, c, d; d is never predicted (F1 0) and still weighs a quarter of the macro mean.
        let s = ClassificationEvaluator.scores(gold: ["a", "b", "c", "d"], predicted: ["a", "b", "c", "c"])
        let f1: Double = (1.0 + 1.0 + 2.0 / 3.0 + 0.0) / 4.0
        let precision: Double = (1.0 + 1.0 + 0.5 + 0.0) / 4.0
        #expect(s["f1"] == f1)
        #expect(s["precision"] == precision)
        #expect(s["accuracy"] == 0.75)
    }

    // MARK: - The evaluator end to end

    @Test(arguments: ["multiclass", "binary"])
    func evaluatorMatchesMTEB(_ which: String) throws {
        let c = which == "binary" ? Self.fixtures.binary : Self.fixtures.multiclass
        let ev = try Self.evaluator(c, prompt: "Classify: ")
        let encoder = FakeEncoder(c)
        let r = try ev.evaluate(encode: encoder.encode)
        #expect(encoder.calls.count == 1 && encoder.calls[0].prompt == "Classify: ")
        let union = Set(c.experiments.flatMap(\.indices)).sorted()
        #expect(encoder.calls[0].texts == union.map { c.trainTexts[$0] } + c.testTexts, "only the training texts some experiment uses")
        #expect(r.primaryMetric == "accuracy" && ev.primaryMetric == "accuracy")
        #expect(r.metricNames == ["accuracy", "f1", "f1_weighted", "precision", "precision_weighted", "recall", "recall_weighted"])
        #expect(Set(r.metrics.keys) == Set(c.meanMetrics.keys))
        for (k, v) in c.meanMetrics { #expect(abs(r.metrics[k]! - v) <= 1e-12, "\(which) \(k): \(r.metrics[k]!) vs MTEB \(v)") }
        #expect(r.primaryScore < 0.95, "classes overlap")
        // rows: per test text, the fraction of experiments that got it right; their mean is the accuracy
        #expect(r.rows.map(\.id) == c.testTexts.indices.map { "test\($0)" })
        let correct = r.column("correct").map { $0! }
        #expect(abs(correct.reduce(0, +) / Double(correct.count) - r.metrics["accuracy"]!) <= 1e-12)
        for (i, value) in correct.enumerated() {
            let hits = c.experiments.filter { $0.predictions[i] == c.testLabels[i] }.count
            #expect(value == Double(hits) / Double(c.nExperiments))
        }
    }

    @Test func promptDefaultsToTheSymmetricOne() throws {
        let c = Self.fixtures.binary
        let prompts = RolePrompts(query: "query: ", document: "passage: ", symmetric: "sym: ")
        let unset = try Self.evaluator(c).applyingDefaultPrompts(prompts) as! ClassificationEvaluator
        #expect(unset.prompt == "sym: ")
        let none = try Self.evaluator(c, prompt: "").applyingDefaultPrompts(prompts) as! ClassificationEvaluator
        #expect(none.prompt == "")
    }

    // MARK: - Bad input

    @Test func badInputThrows() {
        #expect(throws: EvaluatorError.tooFewLabels(name: "trainLabels", labels: ["only"])) {
            try ClassificationEvaluator(trainTexts: ["a", "b"], trainLabels: ["only", "only"], testTexts: ["c"], testLabels: ["only"])
        }
        #expect(throws: EvaluatorError.lengthMismatch(name: "trainLabels", count: 1, expected: "trainTexts", expectedCount: 2)) {
            try ClassificationEvaluator(trainTexts: ["a", "b"], trainLabels: ["x"], testTexts: ["c"], testLabels: ["x"])
        }
        #expect(throws: EvaluatorError.lengthMismatch(name: "testLabels", count: 2, expected: "testTexts", expectedCount: 1)) {
            try ClassificationEvaluator(trainTexts: ["a", "b"], trainLabels: ["x", "y"], testTexts: ["c"], testLabels: ["x", "y"])
        }
        #expect(throws: EvaluatorError.tooFewItems(name: "trainTexts", count: 0, minimum: 2)) {
            try ClassificationEvaluator(trainTexts: [], trainLabels: [], testTexts: ["c"], testLabels: ["x"])
        }
        #expect(throws: EvaluatorError.tooFewItems(name: "testTexts", count: 0, minimum: 1)) {
            try ClassificationEvaluator(trainTexts: ["a", "b"], trainLabels: ["x", "y"], testTexts: [], testLabels: [])
        }
        #expect(throws: EvaluatorError.self) {
            try ClassificationEvaluator(trainTexts: ["a", "b"], trainLabels: ["x", "y"], testTexts: ["c"], testLabels: ["x"], samplesPerLabel: 0)
        }
        #expect(EvaluatorError.tooFewLabels(name: "trainLabels", labels: ["only"]).description
            == "trainLabels has 1 distinct label(s) [\"only\"]; at least 2 are needed")
    }

    @Test func wrongEmbeddingShapeThrows() throws {
        let ev = try ClassificationEvaluator(trainTexts: ["a", "b"], trainLabels: ["x", "y"], testTexts: ["c"], testLabels: ["x"])
        #expect(throws: EvaluatorError.embeddingShape(role: "train+test", texts: 3, shape: [2, 4])) {
            try ev.evaluate { _, _ in Tensor(shape: [2, 4]) }
        }
    }

    /// A task of MTEB's width: 20 labels, 1 000 training and 1 000 test texts, 384 dimensions (prints the time taken).
    @Test func taskOfMTEBWidthRuns() throws {
        var random = Xoshiro256StarStar(seed: 7)
        let k = 20, d = 384, n = 1_000
        let means = (0..<k).map { _ in (0..<d).map { _ in Float(Double(random.next() >> 11) * 0x1p-53 - 0.5) } }
        let labels = (0..<(2 * n)).map { _ in Int(random.next(below: UInt64(k))) }
        let rows = labels.map { l in means[l].map { $0 + Float(Double(random.next() >> 11) * 0x1p-53 - 0.5) } }
        let texts = (0..<(2 * n)).map { "t\($0)" }
        let table = Dictionary(uniqueKeysWithValues: zip(texts, rows))
        let ev = try ClassificationEvaluator(
            trainTexts: Array(texts[..<n]), trainLabels: labels[..<n].map { "c\($0)" },
            testTexts: Array(texts[n...]), testLabels: labels[n...].map { "c\($0)" })
        let start = Date()
        let r = try ev.evaluate { t, _ in Tensor(shape: [t.count, d], scalars: t.flatMap { table[$0]! }) }
        let seconds = Date().timeIntervalSince(start)
        print("20 labels × 384 dims, 10 experiments: \(seconds) s, accuracy \(r.primaryScore)")
        #expect(r.primaryScore > 1.0 / Double(k))
    }
}
