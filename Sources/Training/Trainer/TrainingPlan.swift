import Datasets
import Evaluation
import Foundation
import Models

/// What to train and how: the base model, the data and loss (or the α-mix of two), the schedule, and the evaluations.
///
/// ```swift
/// var plan = TrainingPlan(model: "models/all-MiniLM-L6-v2",
///                         objective: .mix(alpha: 0.5, general: .init(stsb, CosineSimilarityLoss()),
///                                         domain: .init(legal, MultipleNegativesRankingLoss(temperature: 0.05))))
/// plan.evaluators = [stsDev, legalDev]
/// plan.evaluateEvery = 100
/// ```
public struct TrainingPlan {
    /// One dataset and the loss computed on its batches.
    public struct Term {
        public var dataset: PairDataset
        public var loss: any Loss
        /// Prompt put in front of each text column (e.g. `["anchor": "query: ", "positive": "passage: "]`); a
        /// column without one takes the model folder's prompt for its role (see `TrainingPlan.modelPrompts`),
        /// and `""` means none.
        public var prompts: [String: String]
        public init(_ dataset: PairDataset, _ loss: any Loss, prompts: [String: String] = [:]) {
            self.dataset = dataset
            self.loss = loss
            self.prompts = prompts
        }
    }

    /// The objective: one term, or α · L_general + (1 − α) · L_domain with a batch from each per step.
    public enum Objective {
        case single(Term)
        case mix(alpha: Double, general: Term, domain: Term)

        /// The terms with their names and weights; the first term defines an epoch.
        var weightedTerms: [(name: String, weight: Double, term: Term)] {
            switch self {
            case .single(let t): [(t.loss.name, 1, t)]
            case .mix(let alpha, let general, let domain): [("domain", 1 - alpha, domain), ("general", alpha, general)]
            }
        }
    }

    public var model: String
    public var objective: Objective
    public var epochs = 1
    /// Stop after this many optimizer steps (overrides `epochs`).
    public var maxSteps: Int?
    public var batchSize = 32
    public var lr = 2e-5
    /// Warm-up as a fraction of all steps (transformers rounds it up).
    public var warmupRatio = 0.1
    public var weightDecay = 0.01
    public var maxGradNorm = 1.0
    /// Micro-batches summed into one optimizer step.
    public var gradientAccumulation = 1
    public var seed: UInt64 = 42
    /// Truncate inputs to this many tokens (default: the model's `max_seq_length`).
    public var maxSeqLength: Int?
    public var evaluators: [any SentenceEvaluator] = []
    /// Evaluate (and checkpoint) every N optimizer steps (nil or 0: only before the first and after the last step).
    public var evaluateEvery: Int?
    /// Evaluate before training (the zero-shot baseline).
    public var evaluateBeforeTraining = true
    /// Held-out evaluations (a test split): run on the base model before training (zero-shot, step 0) and once
    /// after training on the model kept as best (by the first evaluator's primary metric; the last model when
    /// there are no `evaluators`), logged as `test/<name>/<metric>`. Never used to pick a model.
    public var testEvaluators: [any SentenceEvaluator] = []
    /// Metric keys the comparison table printed after a sweep shows, zero-shot and final (default: the primary metric).
    public var summaryMetrics: [String] = []
    /// Apply the model folder's prompts by role (`RolePrompts`: queries, documents, symmetric pairs) to the
    /// training columns and evaluators that set none; false encodes those texts bare.
    public var modelPrompts = true
    /// How the word-embedding table is updated: `nil` (automatic) updates it lazily, only the rows of the
    /// batch's tokens (`AdamW`'s `lazyRows`), when the vocabulary has more than `lazyVocabularyThreshold` rows
    /// (multilingual-e5-small's 250 037), and densely as torch's AdamW otherwise (all-MiniLM-L6-v2's 30 522).
    public var lazyEmbeddings: Bool?
    /// Vocabularies larger than this are updated lazily when `lazyEmbeddings` is nil.
    public static let lazyVocabularyThreshold = 100_000

    /// Whether the word-embedding table of a model with `vocabularySize` rows is updated lazily.
    public func lazyWordEmbeddings(vocabularySize: Int) -> Bool {
        lazyEmbeddings ?? (vocabularySize > Self.lazyVocabularyThreshold)
    }

    public init(model: String, objective: Objective) {
        self.model = model
        self.objective = objective
    }

    /// The model's weight files, hashed into the run manifest.
    public var modelFiles: [URL] {
        let url = URL(fileURLWithPath: model).appendingPathComponent("model.safetensors")
        return FileManager.default.fileExists(atPath: url.path) ? [url] : []
    }

    /// Data files hashed into the run manifest.
    public var datasetFiles: [URL] = []

    /// The metric that picks the best checkpoint: the first evaluator's primary metric.
    public var primaryMetric: String? { evaluators.first.map { "eval/\($0.name)/\($0.primaryMetric)" } }
}
