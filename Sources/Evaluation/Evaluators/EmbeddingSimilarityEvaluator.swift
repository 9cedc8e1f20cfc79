import Foundation
import Tensors

/// Correlation of embedding similarities with gold scores on sentence pairs (STS), as sentence-transformers'
/// `EmbeddingSimilarityEvaluator`.
///
/// For each similarity function `f` (by default cosine only, as ST 6 with a cosine model) it reports
/// `pearson_f` and `spearman_f` of `f(embedding1ᵢ, embedding2ᵢ)` against `scores` (scipy's `pearsonr`
/// and `spearmanr`, ties given average ranks). With more than one function it adds `pearson_max` and
/// `spearman_max`. The primary metric is `spearman_<mainSimilarity>` when one is chosen, otherwise
/// `spearman_max` for several functions or `spearman_<f>` for one — `spearman_cosine` by default.
/// Rows: `pair<i>` with the gold score (`gold`) and each function's similarity (`cosine`, …).
///
/// ```swift
/// let sts = try EmbeddingSimilarityEvaluator(sentences1: s1, sentences2: s2, scores: gold, name: "stsb-dev")
/// let r = try sts.evaluate(model)        // r.metrics["spearman_cosine"]
/// ```
public struct EmbeddingSimilarityEvaluator: SentenceEvaluator, Sendable {
    /// The first sentence of each pair.
    public let sentences1: [String]
    /// The second sentence of each pair.
    public let sentences2: [String]
    /// The gold similarity of each pair (any scale: only correlations are reported).
    public let scores: [Double]
    public let name: String
    /// The similarity functions scored, in report order.
    public let similarityFunctions: [SimilarityFunction]
    /// The function whose Spearman ρ is the primary metric (nil: see the type's summary).
    public let mainSimilarity: SimilarityFunction?
    /// Text put in front of every sentence when encoding (nil: none).
    public internal(set) var prompt: String?
    public let primaryMetric: String
    /// The data files the texts came from (set by the built-in data sets; empty for texts in memory).
    public var files: [URL] = []

    /// Makes an evaluator of `sentences1[i]` against `sentences2[i]` with gold `scores[i]`.
    ///
    /// As in ST, giving only `mainSimilarity` scores that function alone.
    /// - Throws: `EvaluatorError` when the lists differ in length, hold fewer than two pairs, a score is
    ///   not finite, `similarityFunctions` is empty or repeats a function, or `mainSimilarity` is not scored.
    public init(
        sentences1: [String], sentences2: [String], scores: [Double], name: String = "",
        similarityFunctions: [SimilarityFunction]? = nil, mainSimilarity: SimilarityFunction? = nil,
        prompt: String? = nil
    ) throws(EvaluatorError) {
        guard sentences2.count == sentences1.count else {
            throw .lengthMismatch(name: "sentences2", count: sentences2.count, expected: "sentences1", expectedCount: sentences1.count)
        }
        guard scores.count == sentences1.count else {
            throw .lengthMismatch(name: "scores", count: scores.count, expected: "sentences1", expectedCount: sentences1.count)
        }
        guard sentences1.count >= 2 else { throw .tooFewItems(name: "sentences1", count: sentences1.count, minimum: 2) }
        if let i = scores.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteScore(index: i, value: scores[i]) }
        let functions = similarityFunctions ?? [mainSimilarity ?? .cosine]
        guard !functions.isEmpty else {
            throw .invalidOption(name: "similarityFunctions", value: "[]", reason: "name at least one function")
        }
        guard Set(functions).count == functions.count else {
            throw .invalidOption(name: "similarityFunctions", value: "\(functions.map(\.rawValue))", reason: "a function is listed twice")
        }
        if let main = mainSimilarity, !functions.contains(main) {
            throw .invalidOption(name: "mainSimilarity", value: main.rawValue,
                                 reason: "it is not among similarityFunctions \(functions.map(\.rawValue))")
        }
        self.sentences1 = sentences1
        self.sentences2 = sentences2
        self.scores = scores
        self.name = name
        self.similarityFunctions = functions
        self.mainSimilarity = mainSimilarity
        self.prompt = prompt
        if let main = mainSimilarity {
            primaryMetric = "spearman_\(main.rawValue)"
        } else {
            primaryMetric = functions.count > 1 ? "spearman_max" : "spearman_\(functions[0].rawValue)"
        }
    }

    /// Encodes both sides in one call (sentences1 then sentences2) and correlates their similarities with the gold scores.
    public func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult {
        let n = sentences1.count
        let embeddings = try EncodedTexts(texts: sentences1 + sentences2, prompt: prompt, role: "sentences1+sentences2", encode: encode)
        let d = embeddings.dimension

        var metrics: [String: Double] = [:]
        var names: [String] = []
        var similarities: [SimilarityFunction: [Double]] = [:]
        for f in similarityFunctions {
            let s = (0..<n).map { f.pairwise(embeddings.row($0), embeddings.row(n + $0), dimension: d) } // [N]
            similarities[f] = s
            metrics["pearson_\(f.rawValue)"] = Correlation.pearson(scores, s)
            metrics["spearman_\(f.rawValue)"] = Correlation.spearman(scores, s)
            names += ["pearson_\(f.rawValue)", "spearman_\(f.rawValue)"]
        }
        if similarityFunctions.count > 1 {
            // Python's max keeps the first value when a later one is NaN; so does this fold.
            for m in ["pearson", "spearman"] {
                let values = similarityFunctions.map { metrics["\(m)_\($0.rawValue)"]! }
                metrics["\(m)_max"] = values.dropFirst().reduce(values[0]) { $1 > $0 ? $1 : $0 }
                names.append("\(m)_max")
            }
        }
        let rows = (0..<n).map { i in
            var values = ["gold": scores[i]]
            for f in similarityFunctions { values[f.rawValue] = similarities[f]![i] }
            return PerItemScore(id: "pair\(i)", values: values)
        }
        return EvaluationResult(name: name, primaryMetric: primaryMetric, metrics: metrics, metricNames: names, rows: rows)
    }
}
