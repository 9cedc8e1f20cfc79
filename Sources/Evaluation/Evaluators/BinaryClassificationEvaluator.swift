import Foundation
import Tensors

/// How well a similarity threshold separates duplicate from non-duplicate sentence pairs (MTEB's pair
/// classification), as sentence-transformers' `BinaryClassificationEvaluator`.
///
/// For each similarity function `f` it scores every pair — cosine and dot as similarities, euclidean and
/// manhattan as distances (positive; smaller means a duplicate), the values ST thresholds — and reports
/// ST 6.2's keys, in its order:
/// - `f_accuracy`, `f_accuracy_threshold`: the best accuracy of "duplicate when the score is on the similar
///   side of the threshold" over thresholds midway between consecutive distinct scores (ST's
///   `find_best_acc_and_threshold`, starting from "no pair is a duplicate");
/// - `f_f1`, `f_f1_threshold`, `f_precision`, `f_recall`: the best F1 and its precision and recall (ST's
///   `find_best_f1_and_threshold`);
/// - `f_ap`: sklearn's `average_precision_score` of the labels against the scores (distances negated);
/// - `f_mcc`: sklearn's `matthews_corrcoef` of the labels against the predictions at the F1 threshold.
///
/// With more than one function it adds `max_<metric>` for each of the eight (thresholds included, as ST) and
/// the primary metric is `max_ap`; with one it is `<f>_ap`. By default all four functions are scored (MTEB's
/// set); ST's own default is the model's similarity function alone (`similarityFunctions: [.cosine]`).
/// Rows: `pair<i>` with `label` and each function's score (`cosine`, `dot`, `euclidean`, `manhattan`).
///
/// ```swift
/// let pc = try BinaryClassificationEvaluator(sentences1: s1, sentences2: s2, labels: duplicate, name: "quora-dev")
/// let r = try pc.evaluate(model)         // r.metrics["max_ap"], r.metrics["cosine_f1_threshold"]
/// ```
public struct BinaryClassificationEvaluator: SentenceEvaluator, Sendable {
    /// The first sentence of each pair.
    public let sentences1: [String]
    /// The second sentence of each pair.
    public let sentences2: [String]
    /// 1 when the pair is a duplicate (positive), 0 otherwise.
    public let labels: [Int]
    public let name: String
    /// The similarity functions scored, in report order.
    public let similarityFunctions: [SimilarityFunction]
    /// Text put in front of every sentence when encoding (nil: none).
    public internal(set) var prompt: String?
    public let primaryMetric: String
    /// The data files the texts came from (empty for texts in memory).
    public var files: [URL] = []

    /// The per-function metrics, in ST's order.
    static let metricSuffixes = ["accuracy", "accuracy_threshold", "f1", "f1_threshold", "precision", "recall", "ap", "mcc"]

    /// Makes an evaluator of pairs `(sentences1[i], sentences2[i])` labelled `labels[i]`.
    ///
    /// - Throws: `EvaluatorError` when the lists differ in length, a label is not 0 or 1, one of the labels
    ///   never occurs, or `similarityFunctions` is empty or repeats a function.
    public init(
        sentences1: [String], sentences2: [String], labels: [Int], name: String = "",
        similarityFunctions: [SimilarityFunction] = SimilarityFunction.allCases, prompt: String? = nil
    ) throws(EvaluatorError) {
        guard sentences2.count == sentences1.count else {
            throw .lengthMismatch(name: "sentences2", count: sentences2.count, expected: "sentences1", expectedCount: sentences1.count)
        }
        guard labels.count == sentences1.count else {
            throw .lengthMismatch(name: "labels", count: labels.count, expected: "sentences1", expectedCount: sentences1.count)
        }
        if let i = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) { throw .invalidLabel(index: i, value: labels[i]) }
        for label in [0, 1] where !labels.contains(label) { throw .missingLabel(label: label, count: labels.count) }
        guard !similarityFunctions.isEmpty else {
            throw .invalidOption(name: "similarityFunctions", value: "[]", reason: "name at least one function")
        }
        guard Set(similarityFunctions).count == similarityFunctions.count else {
            throw .invalidOption(name: "similarityFunctions", value: "\(similarityFunctions.map(\.rawValue))",
                                 reason: "a function is listed twice")
        }
        self.sentences1 = sentences1
        self.sentences2 = sentences2
        self.labels = labels
        self.name = name
        self.similarityFunctions = similarityFunctions
        self.prompt = prompt
        primaryMetric = similarityFunctions.count > 1 ? "max_ap" : "\(similarityFunctions[0].rawValue)_ap"
    }

    /// Encodes each distinct sentence once (in order of first appearance, sentences1 then sentences2) and
    /// scores every function's thresholds.
    public func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult {
        var position: [String: Int] = [:]
        var unique: [String] = []
        for s in sentences1 + sentences2 where position[s] == nil {
            position[s] = unique.count
            unique.append(s)
        }
        let embeddings = try EncodedTexts(texts: unique, prompt: prompt, role: "sentences1+sentences2", encode: encode)
        let d = embeddings.dimension
        let positive = labels.map { $0 == 1 }
        var metrics: [String: Double] = [:]
        var names: [String] = []
        var pairScores: [SimilarityFunction: [Double]] = [:]
        for f in similarityFunctions {
            // ST thresholds distances as they are: larger means less similar.
            let sign = Self.greaterIsBetter(f) ? 1.0 : -1.0
            let scores = zip(sentences1, sentences2).map { a, b in // [N]
                sign * f.pairwise(embeddings.row(position[a]!), embeddings.row(position[b]!), dimension: d)
            }
            pairScores[f] = scores
            let values = Self.metrics(scores: scores, positive: positive, greaterIsBetter: Self.greaterIsBetter(f))
            for (suffix, value) in zip(Self.metricSuffixes, values) {
                metrics["\(f.rawValue)_\(suffix)"] = value
                names.append("\(f.rawValue)_\(suffix)")
            }
        }
        if similarityFunctions.count > 1 {
            // Python's max keeps the first of equal values and skips a later NaN; so does this fold.
            for suffix in Self.metricSuffixes {
                let values = similarityFunctions.map { metrics["\($0.rawValue)_\(suffix)"]! }
                metrics["max_\(suffix)"] = values.dropFirst().reduce(values[0]) { $1 > $0 ? $1 : $0 }
                names.append("max_\(suffix)")
            }
        }
        let rows = labels.indices.map { i in
            var values = ["label": Double(labels[i])]
            for f in similarityFunctions { values[f.rawValue] = pairScores[f]![i] }
            return PerItemScore(id: "pair\(i)", values: values)
        }
        return EvaluationResult(name: name, primaryMetric: primaryMetric, metrics: metrics, metricNames: names, rows: rows)
    }

    /// Whether a larger score means more similar: true for similarities, false for distances.
    static func greaterIsBetter(_ f: SimilarityFunction) -> Bool { f == .cosine || f == .dotProduct }
}
