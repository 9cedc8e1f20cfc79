import Datasets
import Evaluation
import Foundation
import Models
import Tensors

/// What to train and how: the base model, the objective (one loss, or N weighted terms), the schedule, and the
/// evaluations. A plan without an objective, or with zero steps, only evaluates the model.
///
/// ```swift
/// var plan = TrainingPlan(model: "models/all-MiniLM-L6-v2",
///                         objective: .mix(alpha: 0.5, general: .init(stsb, CosineSimilarityLoss()),
///                                         domain: .init(legal, MultipleNegativesRankingLoss(temperature: 0.05))))
/// plan.evaluate { try InformationRetrievalEvaluator.legalZh($0) }   // dev picks the model, test zero-shot and final
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
        /// The vector column fed to a loss whose label is a vector (`MSELoss`'s teacher embeddings); nil takes
        /// the dataset's only vector column.
        public var vectorColumn: String?

        public init(_ dataset: PairDataset, _ loss: any Loss, prompts: [String: String] = [:], vectorColumn: String? = nil) {
            self.dataset = dataset
            self.loss = loss
            self.prompts = prompts
            self.vectorColumn = vectorColumn
        }
    }

    /// The objective: Σ weightₖ · Lₖ over named terms, with one batch of each term per step.
    public struct Objective {
        /// A term with its name (logged as `loss/<name>` when there are several) and weight.
        public struct Weighted {
            public var name: String
            public var weight: Double
            public var term: Term

            public init(_ name: String, weight: Double, _ term: Term) {
                self.name = name
                self.weight = weight
                self.term = term
            }
        }

        /// The terms, in order; the first one's dataset defines an epoch.
        public var terms: [Weighted]

        public init(terms: [Weighted]) { self.terms = terms }

        /// One term of weight 1, named after its loss.
        public static func single(_ term: Term) -> Objective { Objective(terms: [Weighted(term.loss.name, weight: 1, term)]) }

        /// N weighted terms: `weights` may be any non-negative numbers (a weight of 0 skips its term).
        public static func mix(_ terms: [Weighted]) -> Objective { Objective(terms: terms) }

        /// The α-mix α · L_general + (1 − α) · L_domain: the two-term case, terms named `domain` and `general`
        /// (logged as `loss/domain` and `loss/general`); the domain data defines an epoch.
        public static func mix(alpha: Double, general: Term, domain: Term) -> Objective {
            Objective(terms: [Weighted("domain", weight: 1 - alpha, domain), Weighted("general", weight: alpha, general)])
        }
    }

    public var model: String
    /// What to minimise; nil makes an evaluation-only plan.
    public var objective: Objective?
    public var epochs = 1
    /// Stop after this many optimizer steps (overrides `epochs`); 0 only evaluates.
    public var maxSteps: Int?
    public var batchSize = 32
    public var lr = 2e-5
    /// Warm-up as a fraction of all steps (transformers rounds it up).
    public var warmupRatio = 0.1
    public var weightDecay = 0.01
    public var maxGradNorm = 1.0
    /// Dropout in the training forward passes (the model config's rates); false makes a step deterministic,
    /// e.g. to compare a benchmark's losses with a peer in eval mode.
    public var dropout = true
    /// Micro-batches summed into one optimizer step.
    public var gradientAccumulation = 1
    public var seed: UInt64 = 42
    /// Truncate inputs to this many tokens (default: the model's `max_seq_length`).
    public var maxSeqLength: Int?
    /// Evaluators run before training, every `evaluateEvery` steps and after the last; the first one's primary
    /// metric picks the model kept (`eval/<name>/<metric>`).
    public var evaluators: [any SentenceEvaluator] = []
    /// Evaluate (and checkpoint) every N optimizer steps (nil or 0: only before the first and after the last step).
    public var evaluateEvery: Int?
    /// Evaluate before training (the zero-shot baseline).
    public var evaluateBeforeTraining = true
    /// Held-out evaluations (a test split): run on the base model before training (zero-shot, step 0) and once
    /// after training on the model kept as best (by the first evaluator's primary metric; the last model when
    /// there are no `evaluators`), logged as `test/<name>/<metric>`. Never used to pick a model.
    public var testEvaluators: [any SentenceEvaluator] = []
    /// Metric keys the comparison table printed after a sweep shows, zero-shot and final; empty: the held-out
    /// evaluators' primary metrics (see `summaryKeys`).
    public var summaryMetrics: [String] = []
    /// Apply the model folder's prompts by role (`RolePrompts`: queries, documents, symmetric pairs) to the
    /// training columns and evaluators that set none; false encodes those texts bare.
    public var modelPrompts = true
    /// How the word-embedding table is updated: `nil` (automatic) updates it lazily, only the rows of the
    /// batch's tokens (`AdamW`'s `lazyRows`), when the vocabulary has more than `lazyVocabularyThreshold` rows
    /// (multilingual-e5-small's 250 037), and densely as torch's AdamW otherwise (all-MiniLM-L6-v2's 30 522).
    public var lazyEmbeddings: Bool?
    /// The precision of the linear layers' matrix products in training steps: fp32, or bf16 products with fp32
    /// sums and fp32 master weights (`MatmulPrecision`), forward and backward. Evaluations always run in fp32, so
    /// metrics compare across runs of either precision and match the embedding cache.
    public var precision: MatmulPrecision = .fp32
    /// Vocabularies larger than this are updated lazily when `lazyEmbeddings` is nil.
    public static let lazyVocabularyThreshold = 100_000

    /// Whether the word-embedding table of a model with `vocabularySize` rows is updated lazily.
    public func lazyWordEmbeddings(vocabularySize: Int) -> Bool {
        lazyEmbeddings ?? (vocabularySize > Self.lazyVocabularyThreshold)
    }

    /// A plan that trains `model` on `objective`, or only evaluates it when `objective` is nil.
    public init(model: String, objective: Objective? = nil) {
        self.model = model
        self.objective = objective
    }

    /// The objective's terms (none for an evaluation-only plan).
    public var terms: [Objective.Weighted] { objective?.terms ?? [] }

    /// Whether the plan only evaluates: no objective, or zero steps.
    public var isEvaluationOnly: Bool { objective == nil || maxSteps == 0 }

    /// Declares an evaluator once, built for each split it runs on by `make`: the `select` splits are evaluated
    /// before, during and after training (the first declared one's primary metric picks the model kept), the
    /// `heldOut` splits zero-shot and on the kept model. `summary` names the held-out metrics the sweep table
    /// shows (default: the primary metric).
    ///
    /// ```swift
    /// plan.evaluate { try MatryoshkaEvaluator(.legalZh($0), dims: c.dims) }     // dev selects, test is reported
    /// plan.evaluate({ try .stsb($0) }, select: [.dev, .test], heldOut: [])      // both every N steps
    /// ```
    public mutating func evaluate(_ make: (DatasetSplit) throws -> any SentenceEvaluator, select: [DatasetSplit] = [.dev],
                                  heldOut: [DatasetSplit] = [.test], summary: [String]? = nil) rethrows {
        for split in select { evaluators.append(try make(split)) }
        for split in heldOut {
            let evaluator = try make(split)
            testEvaluators.append(evaluator)
            summaryMetrics += (summary ?? [evaluator.primaryMetric]).map { MetricKey.test(evaluator.name, $0) }
        }
    }

    /// The metric keys the sweep table shows: `summaryMetrics`, or else the held-out evaluators' primary metrics
    /// (empty: the runs' primary metric).
    public var summaryKeys: [String] {
        summaryMetrics.isEmpty ? testEvaluators.map { MetricKey.test($0.name, $0.primaryMetric) } : summaryMetrics
    }

    /// What `show` and `diff` lead with: the loss terms, every evaluator's primary metric (dev and held-out), and
    /// the summary metrics.
    public var headlineMetrics: [String] {
        var keys = ["loss"] + (terms.count > 1 ? terms.map { MetricKey.loss($0.name) } : [])
        keys += evaluators.map { MetricKey.eval($0.name, $0.primaryMetric) } + testEvaluators.map { MetricKey.test($0.name, $0.primaryMetric) }
        for k in summaryKeys where !keys.contains(k) { keys.append(k) }
        return keys
    }

    /// The model's weight files, hashed into the run manifest.
    public var modelFiles: [URL] {
        let url = URL(fileURLWithPath: model).appendingPathComponent("model.safetensors")
        return FileManager.default.fileExists(atPath: url.path) ? [url] : []
    }

    /// The data files of every term and evaluator (each once, in order), hashed into the run manifest.
    public var datasetFiles: [URL] {
        var seen = Set<String>()
        let all = terms.flatMap(\.term.dataset.files) + (evaluators + testEvaluators).flatMap(\.files)
        return all.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The metric that picks the best checkpoint: the first evaluator's primary metric.
    public var primaryMetric: String? { evaluators.first.map { MetricKey.eval($0.name, $0.primaryMetric) } }
}
