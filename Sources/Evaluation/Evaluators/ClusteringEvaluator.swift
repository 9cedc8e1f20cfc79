import Foundation
import Tensors

/// k-means clustering of embeddings scored by V-measure against gold labels, after MTEB's `AbsTaskClustering`.
///
/// As MTEB's bootstrapped ("fast") clustering, each of `nRuns` runs draws `sampleSize` texts with replacement,
/// clusters their embeddings into k groups, k being the number of distinct labels among all texts, and
/// scores the clustering with scikit-learn's `v_measure_score`; `v_measure` (primary) is the mean over runs
/// and `v_measure_std` their population standard deviation (`np.std`). Unlike MTEB, whose clusterer is
/// `MiniBatchKMeans(batch_size=512)`, the clusterer is full-batch k-means as scikit-learn's
/// `KMeans(algorithm="lloyd", n_init=1)`: greedy k-means++ seeding, then Lloyd iterations until the
/// assignments stop changing or the centres move less than `1e-4 ×` the mean feature variance (at most
/// `maxIterations`), in Double. The draws and the seeding use `Xoshiro256StarStar(seed:)`, not numpy's
/// generator. Rows: `run<i>` with that run's `v_measure`.
///
/// ```swift
/// let clu = try ClusteringEvaluator(texts: titles, labels: topics, name: "arxiv-clustering")
/// let r = try clu.evaluate(model)        // r.metrics["v_measure"]
/// ```
public struct ClusteringEvaluator: SentenceEvaluator, Sendable {
    /// The texts to cluster.
    public let texts: [String]
    /// The gold label of each text.
    public let labels: [String]
    public let name: String
    /// Number of bootstrap samples clustered (MTEB's `n_clusters`, 10).
    public let nRuns: Int
    /// Texts drawn with replacement per run (MTEB's `max_documents_per_cluster`, 16 384, here capped at the
    /// number of texts).
    public let sampleSize: Int
    /// Seed of the draws and the k-means++ seeding.
    public let seed: UInt64
    /// Lloyd iterations at most per run (scikit-learn's `max_iter`, 300).
    public let maxIterations: Int
    /// Text put in front of every text when encoding (nil: none).
    public internal(set) var prompt: String?
    public let primaryMetric = "v_measure"
    /// The data files the texts came from (empty for texts in memory).
    public var files: [URL] = []

    /// Makes an evaluator that clusters `texts` and compares the clusters with `labels`.
    ///
    /// - Throws: `EvaluatorError` when texts and labels differ in length, there are no texts, fewer than two
    ///   distinct labels, or an option is out of range.
    public init(
        texts: [String], labels: [String], name: String = "", nRuns: Int = 10, sampleSize: Int? = nil,
        seed: UInt64 = 42, maxIterations: Int = 300, prompt: String? = nil
    ) throws(EvaluatorError) {
        guard labels.count == texts.count else {
            throw .lengthMismatch(name: "labels", count: labels.count, expected: "texts", expectedCount: texts.count)
        }
        guard !texts.isEmpty else { throw .tooFewItems(name: "texts", count: 0, minimum: 2) }
        let distinct = ClassificationEvaluator.sortedLabels(labels)
        guard distinct.count >= 2 else { throw .tooFewLabels(name: "labels", labels: distinct) }
        guard nRuns >= 1 else { throw .invalidOption(name: "nRuns", value: "\(nRuns)", reason: "run at least once") }
        let size = sampleSize ?? min(texts.count, 16_384)
        guard size >= distinct.count else {
            throw .invalidOption(name: "sampleSize", value: "\(size)", reason: "draw at least as many texts as there are labels (\(distinct.count))")
        }
        guard maxIterations >= 1 else { throw .invalidOption(name: "maxIterations", value: "\(maxIterations)", reason: "must be at least 1") }
        self.texts = texts
        self.labels = labels
        self.name = name
        self.nRuns = nRuns
        self.sampleSize = size
        self.seed = seed
        self.maxIterations = maxIterations
        self.prompt = prompt
    }

    /// Encodes the texts in one call, then clusters `nRuns` bootstrap samples of them.
    public func evaluate(encode: (_ texts: [String], _ prompt: String?) throws -> Tensor) throws -> EvaluationResult {
        let embeddings = try EncodedTexts(texts: texts, prompt: prompt, role: "texts", encode: encode)
        let d = embeddings.dimension
        let k = Set(labels).count
        var random = Xoshiro256StarStar(seed: seed)
        var scores = [Double]()
        var sample = [Double](repeating: 0, count: sampleSize * d) // [S, D]
        for _ in 0..<nRuns {
            let picked = (0..<sampleSize).map { _ in Int(random.next(below: UInt64(texts.count))) }
            for (r, i) in picked.enumerated() {
                let row = embeddings.row(i)
                for t in 0..<d { sample[r * d + t] = Double(row[t]) }
            }
            let initial = KMeans.plusPlusCentres(sample, count: sampleSize, dimension: d, k: k, using: &random)
            let fit = KMeans.lloyd(sample, count: sampleSize, dimension: d, centres: initial, maxIterations: maxIterations)
            scores.append(Self.vMeasure(gold: picked.map { labels[$0] }, predicted: fit.labels))
        }
        let mean = scores.reduce(0, +) / Double(nRuns)
        let std = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(nRuns)).squareRoot()
        let rows = scores.enumerated().map { PerItemScore(id: "run\($0.offset)", values: ["v_measure": $0.element]) }
        return EvaluationResult(name: name, primaryMetric: primaryMetric, metrics: ["v_measure": mean, "v_measure_std": std],
                                metricNames: ["v_measure", "v_measure_std"], rows: rows)
    }
}
