import Foundation
import Tensors

/// Few-shot linear-probe classification of embeddings, as MTEB's `AbsTaskClassification`.
///
/// Each of `nExperiments` experiments undersamples the training split to `samplesPerLabel` texts per label
/// (MTEB's `_undersample_data`: numpy `RandomState(seed)` shuffles the index list, the previous
/// experiment's shuffled list in place, and the first `samplesPerLabel` indices of each label are kept), fits
/// scikit-learn's default `LogisticRegression` (L2, C = 1, with intercept, softmax over ≥ 3 classes, binary
/// logistic over 2, no feature scaling) on their raw embeddings, and predicts the test split. It reports
/// MTEB's metrics averaged over the experiments: `accuracy` (primary), `f1` (macro), `f1_weighted`,
/// `precision`, `precision_weighted`, `recall`, `recall_weighted` (scikit-learn's definitions over the labels
/// of the gold and predicted test labels, 0 where a ratio is 0/0). The classifier is solved to
/// convergence (L-BFGS to a gradient of 1e-10), not stopped at scikit-learn's 100 iterations.
/// Rows: `test<i>` with `correct`, the fraction of experiments that predicted test text `i` right.
///
/// ```swift
/// let clf = try ClassificationEvaluator(trainTexts: tx, trainLabels: ty, testTexts: sx, testLabels: sy, name: "banking77")
/// let r = try clf.evaluate(model)        // r.metrics["accuracy"]
/// ```
public struct ClassificationEvaluator: SentenceEvaluator, Sendable {
    /// The texts the classifier may be trained on.
    public let trainTexts: [String]
    /// The label of each training text.
    public let trainLabels: [String]
    /// The texts the classifier is scored on.
    public let testTexts: [String]
    /// The gold label of each test text.
    public let testLabels: [String]
    public let name: String
    /// Number of undersampled training sets, each with its own classifier (MTEB: 10).
    public let nExperiments: Int
    /// Training texts kept per label in each experiment (MTEB: 8).
    public let samplesPerLabel: Int
    /// The numpy `RandomState` seed of the undersampling (MTEB's task seed, 42).
    public let seed: UInt32
    /// Inverse L2 strength of the logistic regression (scikit-learn's `C`, 1).
    public let inverseRegularization: Double
    /// Text put in front of every text when encoding (nil: none).
    public internal(set) var prompt: String?
    public let primaryMetric = "accuracy"
    /// The data files the texts came from (empty for texts in memory).
    public var files: [URL] = []

    /// The metrics in MTEB's order.
    static let metricNames = ["accuracy", "f1", "f1_weighted", "precision", "precision_weighted", "recall", "recall_weighted"]

    /// Makes an evaluator that trains on `trainTexts[i]` labelled `trainLabels[i]` and tests on the test split.
    ///
    /// - Throws: `EvaluatorError` when texts and labels differ in length, a split is empty, the training
    ///   split has fewer than two distinct labels, or an option is out of range.
    public init(
        trainTexts: [String], trainLabels: [String], testTexts: [String], testLabels: [String], name: String = "",
        nExperiments: Int = 10, samplesPerLabel: Int = 8, seed: UInt32 = 42, inverseRegularization: Double = 1,
        prompt: String? = nil
    ) throws(EvaluatorError) {
        guard trainLabels.count == trainTexts.count else {
            throw .lengthMismatch(name: "trainLabels", count: trainLabels.count, expected: "trainTexts", expectedCount: trainTexts.count)
        }
        guard testLabels.count == testTexts.count else {
            throw .lengthMismatch(name: "testLabels", count: testLabels.count, expected: "testTexts", expectedCount: testTexts.count)
        }
        guard !trainTexts.isEmpty else { throw .tooFewItems(name: "trainTexts", count: 0, minimum: 2) }
        guard !testTexts.isEmpty else { throw .tooFewItems(name: "testTexts", count: 0, minimum: 1) }
        let distinct = Self.sortedLabels(trainLabels)
        guard distinct.count >= 2 else { throw .tooFewLabels(name: "trainLabels", labels: distinct) }
        guard nExperiments >= 1 else { throw .invalidOption(name: "nExperiments", value: "\(nExperiments)", reason: "run at least one experiment") }
        guard samplesPerLabel >= 1 else {
            throw .invalidOption(name: "samplesPerLabel", value: "\(samplesPerLabel)", reason: "keep at least one text per label")
        }
        guard inverseRegularization > 0, inverseRegularization.isFinite else {
            throw .invalidOption(name: "inverseRegularization", value: "\(inverseRegularization)", reason: "C must be positive and finite")
        }
        self.trainTexts = trainTexts
        self.trainLabels = trainLabels
        self.testTexts = testTexts
        self.testLabels = testLabels
        self.name = name
        self.nExperiments = nExperiments
        self.samplesPerLabel = samplesPerLabel
        self.seed = seed
        self.inverseRegularization = inverseRegularization
        self.prompt = prompt
    }

    /// Encodes the training texts any experiment uses (in index order) and the test texts in one call, then runs
    /// the experiments and averages their metrics.
    public func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult {
        let subsamples = undersampledIndices()
        let union = Array(Set(subsamples.joined())).sorted()
        let position = Dictionary(uniqueKeysWithValues: union.enumerated().map { ($0.element, $0.offset) })
        let texts = union.map { trainTexts[$0] } + testTexts
        let embeddings = try EncodedTexts(texts: texts, prompt: prompt, role: "train+test", encode: encode)
        let d = embeddings.dimension
        let all = (0..<embeddings.count).map { i in (0..<d).map { Double(embeddings.row(i)[$0]) } } // [U + T, D]
        let test = Array(all[union.count...]) // [T, D]

        var sums = [String: Double]()
        var correct = [Int](repeating: 0, count: testTexts.count)
        for indices in subsamples {
            let x = indices.map { all[position[$0]!] } // [S, D]
            let model = LogisticRegression(x: x, labels: indices.map { trainLabels[$0] }, inverseRegularization: inverseRegularization)
            let predicted = model.predict(test)
            for (i, p) in predicted.enumerated() where p == testLabels[i] { correct[i] += 1 }
            for (k, v) in Self.scores(gold: testLabels, predicted: predicted) { sums[k, default: 0] += v }
        }
        let metrics = sums.mapValues { $0 / Double(nExperiments) }
        let rows = correct.enumerated().map {
            PerItemScore(id: "test\($0.offset)", values: ["correct": Double($0.element) / Double(nExperiments)])
        }
        return EvaluationResult(name: name, primaryMetric: primaryMetric, metrics: metrics, metricNames: Self.metricNames, rows: rows)
    }

    /// The distinct labels in numpy's order (`np.unique` on strings: by Unicode code points).
    static func sortedLabels(_ labels: [String]) -> [String] {
        Set(labels).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
    }
}
