import Datasets
import Evaluation
import Foundation
import Models
import Runs
import Tensors

/// The training loop: batches → embeddings → loss → backward → clip → AdamW, with evaluations,
/// the best model kept as a sentence-transformers folder, resumable checkpoints, and a metric log.
///
/// `step(_:lr:batch:)` is one optimizer step; `train()` loops over it and `wb-bench` times it. A plan that only
/// evaluates (no objective, or zero steps) runs its evaluators once at step 0 and writes the same run folder.
///
/// Everything is seeded (batch order, dropout masks), so the same plan gives bit-identical metrics, and a
/// run resumed from a checkpoint continues exactly as the uninterrupted run would have.
///
/// Data-parallel (`group` set, every rank running the same plan): every rank draws the same global batches
/// (`batchSize` rows) and trains on its shard of each (`BatchShards`), its loss scaled by its share of the batch; the
/// gradients are summed over the ranks in rank order (`GradientExchange`) and every rank takes the same step, so the
/// weights stay identical. Micro-batch m of rank r uses the dropout masks of micro-batch m·N + r, which makes N ranks
/// bit-identical to one process with `gradientAccumulation` N over batches of `batchSize / N` whenever 1/N is exact
/// in binary (N a power of two). Rank 0 alone has the run folder: it logs, evaluates, keeps the best model and
/// checkpoints; the data order does not depend on N, so a run resumes with any number of ranks.
public final class Trainer {
    public let plan: TrainingPlan
    let run: Run?
    /// The ranks of a data-parallel run; nil in one process.
    public let group: (any DataParallelGroup)?
    /// Whether this process logs, evaluates and checkpoints (one process, or rank 0).
    private var isLeader: Bool { (group?.rank ?? 0) == 0 }
    /// The sentence transformer being trained, as loaded from `plan.model`.
    public let model: SentenceTransformer
    /// What AdamW updates, in order: the model's parameters (HF names), then each term's loss parameters
    /// (`loss.<term>.<name>`, e.g. `loss.MSELoss.projection.weight`).
    public let parameters: [(String, Tensor)]
    public let optimizer: AdamW
    let clipping: GradientClipping
    /// The model folder's prompts by role, applied where a term or evaluator sets none (`plan.modelPrompts`).
    private let rolePrompts: RolePrompts
    /// Embeddings at the current weights, so evaluators that share texts (the dev and test retrieval splits
    /// share one corpus) encode them once; emptied whenever the weights change.
    private let encodings = EmbeddingCache()
    let resumeFrom: TrainerCheckpoint?
    /// On-disk embeddings for evaluations of the model as loaded (the baseline at step 0, an evaluation-only
    /// run), shared with `workbench eval` and other runs of the same model; nil encodes everything.
    public var embeddingStore: EmbeddingStore?
    /// Whether the weights are still those of the model folder (no optimizer step, no checkpoint restored).
    private var weightsAsLoaded: Bool
    /// Show a progress bar on standard error.
    public var showProgress = true
    /// Stop (with a checkpoint) after this optimizer step although the plan goes on: a time budget, or
    /// tests of resuming.
    public var stopAfterStep: Int?

    /// Checks the plan (`TrainingPlan.validate`), loads the model and sets up the optimizer over the model's and
    /// the losses' parameters; with `group`, as one rank of a data-parallel run (`run` only on rank 0).
    ///
    /// - Throws: `DataParallelError.batchNotDivisible` when the ranks cannot split `batchSize` evenly.
    public init(plan: TrainingPlan, run: Run?, resumeFrom: TrainerCheckpoint? = nil, group: (any DataParallelGroup)? = nil) throws {
        let folder = try plan.validate()
        if let group, plan.batchSize % group.size != 0 {
            throw DataParallelError.batchNotDivisible(batchSize: plan.batchSize, ranks: group.size)
        }
        self.plan = plan
        self.run = run
        self.group = group
        self.resumeFrom = resumeFrom
        weightsAsLoaded = resumeFrom == nil
        model = try SentenceTransformer(folder)
        if let m = plan.maxSeqLength { model.maxSeqLength = min(m, model.model.config.maxSequenceLength) }
        rolePrompts = plan.modelPrompts ? RolePrompts(model.folder) : .none
        if !plan.isEvaluationOnly { model.requireGradients() }
        parameters = model.namedParameters + plan.terms.flatMap { t in
            t.term.loss.namedParameters.map { ("loss.\(t.name).\($0.0)", $0.1) }
        }
        let lazyRows: Set<String> = plan.lazyWordEmbeddings(vocabularySize: model.model.config.vocabSize)
            ? ["embeddings.word_embeddings.weight"] : []
        optimizer = try AdamW(parameters: parameters, weightDecay: plan.weightDecay, lazyRows: lazyRows)
        clipping = GradientClipping(maxNorm: Float(plan.maxGradNorm))
    }

    /// What a finished training reports.
    public struct Summary {
        public var steps: Int
        /// Metrics of each evaluation by step (`eval/<name>/<metric>`).
        public var evaluations: [Int: [String: Double]]
        /// Held-out metrics by step (`test/<name>/<metric>`): step 0 zero-shot, the last step the kept model.
        public var tests: [Int: [String: Double]] = [:]
        public var bestValue: Double?
        public var bestStep: Int?
        /// The last logged training loss.
        public var lastLoss: Double?
        /// Data-parallel: seconds all steps spent summing gradients over the ranks, and the floats each step
        /// exchanged (dense gradients; 0 in one process).
        public var exchangeSeconds = 0.0, exchangedFloats = 0
    }

    /// One term's batch ready for the encoder: tokens of each text column, and the label its loss takes.
    public struct PreparedBatch {
        /// One token batch per text column.
        public var tokens: [TokenBatch]
        /// Scores [B], a vector column [B, D], or nil (see `LossSignature.Label`).
        public var labels: Tensor?
        /// In a data-parallel run, how the global batch these rows are one rank's shard of is split; nil in one process.
        public var shards: BatchShards?
    }

    /// What one optimizer step did.
    public struct StepResult {
        /// The (accumulated, weighted) loss.
        public var loss: Double
        /// Each term's loss by `loss/<term>`, averaged over micro-batches.
        public var components: [String: Double]
        /// The global gradient norm before clipping.
        public var gradNorm: Float
        /// Seconds in forward passes and losses, in backward passes, and in clipping and AdamW.
        public var forwardSeconds = 0.0, backwardSeconds = 0.0, optimizerSeconds = 0.0
        /// Data-parallel: seconds summing the gradients over the ranks, and the dense floats summed.
        public var exchangeSeconds = 0.0, exchangedFloats = 0
    }

    /// The batch of term `term` made of its dataset's `rows`: tokenized with the term's (or the model's) prompts,
    /// with the label its loss takes.
    public func prepare(term: Int, rows: [Int]) -> PreparedBatch {
        let t = plan.terms[term].term
        let batch = t.dataset.batch(rows)
        let tokens = batch.columns.enumerated().map { c, column in
            model.tokenize(batch.texts[c], prompt: t.prompts[column] ?? rolePrompts.forColumn(column))
        }
        let labels: Tensor?
        switch t.loss.signature.label {
        case .none:
            labels = batch.labels.map { Tensor(shape: [rows.count], scalars: $0.map(Float.init)) }           // [B]
        case .score:
            labels = Tensor(shape: [rows.count], scalars: (batch.labels ?? []).map(Float.init))              // [B]
        case .vector, .vectorOfAnyWidth:
            let v = t.vectorColumn.flatMap { name in batch.vectors.first { $0.name == name } } ?? batch.vectors[0]
            labels = Tensor(shape: [rows.count, v.width], scalars: v.values)                                 // [B, D]
        }
        return PreparedBatch(tokens: tokens, labels: labels)
    }

    /// One optimizer step number `step` (1-based) at learning rate `lr`: for each of the plan's
    /// gradient-accumulation micro-batches, every term's batch (`batch(micro, term)`) through the model (dropout
    /// on) and its loss, weighted, then backward; then gradient clipping and AdamW. `update: false` stops before
    /// clipping and AdamW (a benchmark of forward and backward alone). In a data-parallel run, `batch` returns this
    /// rank's shard with its `shards` set (as `train()` does); the gradients are then summed over the ranks.
    ///
    /// - Throws: `TrainerError.nonFiniteLoss` (naming the last good checkpoint), or what `batch` throws.
    public func step(_ step: Int, lr: Double, update: Bool = true,
                     batch: (_ micro: Int, _ term: Int) throws -> PreparedBatch) throws -> StepResult {
        let terms = plan.terms
        let microBatches = max(plan.gradientAccumulation, 1)
        var result = StepResult(loss: 0, components: [:], gradNorm: 0)
        var gradients: [Gradient?] = []
        // data-parallel losses are scaled by their share of the step before backward: the local sum adds unscaled
        let accumulator = microBatches > 1
            ? GradientAccumulator(parameters: parameters.map(\.1), steps: group == nil ? microBatches : 1) : nil
        let clock = ContinuousClock()
        // one precision scope for the step's micro-batches: bf16 weight panels are packed afresh after each update
        try MatmulPrecision.with(plan.precision) {
            for micro in 0..<microBatches {
                let start = clock.now
                var loss: Tensor?, scaled: Tensor?
                var termValues: [(key: String, value: Float, shards: BatchShards?)] = []
                var crossDevice: [CrossDeviceBatch] = []
                for (i, t) in terms.enumerated() where t.weight != 0 {
                    let prepared = try batch(micro, i)
                    let seed = dropoutSeed(step: step, micro: group.map { micro * $0.size + $0.rank } ?? micro, term: i)
                    let embeddings = try prepared.tokens.enumerated().map { c, tokens in
                        try model(tokens, training: plan.dropout, seed: seed &+ UInt64(c) &* 0x51_7CC1_B727_220A)         // [b, D]
                    }
                    var devices: CrossDeviceBatch?
                    if let group, let shards = prepared.shards {
                        devices = CrossDeviceBatch(group: group, shards: shards)
                        crossDevice.append(devices!)
                    }
                    let term = t.term.loss(embeddings, labels: prepared.labels, devices: devices)                   // []
                    termValues.append((MetricKey.loss(t.name), term.item, prepared.shards))
                    let weighted = t.weight == 1 ? term : term * Float(t.weight)
                    loss = loss.map { $0 + weighted } ?? weighted
                    // a rank's share of the step's mean: its rows of the global batch, over the micro-batches
                    let forBackward = devices.map { weighted * Float($0.shards.weight(of: $0.group.rank) / Double(microBatches)) } ?? weighted
                    scaled = scaled.map { $0 + forBackward } ?? forBackward
                }
                guard let loss, let scaled else { continue }
                // one process: the accumulator scales each micro-batch's gradients by 1/k (the mean, as transformers'
                // loss / k), so only the logged value is scaled here
                let values = try loggedValues(loss: loss.item, terms: termValues, microBatches: microBatches)
                for (key, value) in values.components { result.components[key, default: 0] += value }
                guard values.loss.isFinite else {
                    throw TrainerError.nonFiniteLoss(step: step, value: values.loss, checkpoint: run.flatMap { TrainerCheckpoint.latest(in: $0.folder)?.folder?.path })
                }
                result.loss += values.loss
                if let failure = crossDevice.lazy.compactMap(\.failure).first { throw failure }
                let backward = clock.now
                result.forwardSeconds += Self.seconds(backward - start)
                let grads = optimizer.aligned(scaled.backward())
                if let failure = crossDevice.lazy.compactMap(\.failure).first { throw failure }
                if let accumulator { accumulator.add(grads) } else { gradients = grads }
                result.backwardSeconds += Self.seconds(clock.now - backward)
            }
        }
        guard update else { return result }
        let start = clock.now
        if let accumulator { gradients = accumulator.take() }
        if let group {
            let exchange = clock.now
            result.exchangedFloats = gradients.reduce(0) { n, g in if case .dense(let t)? = g { n + t.count } else { n } }
            do { gradients = try GradientExchange(group: group).sum(gradients, parameters: parameters.map(\.1)) }
            catch { throw DataParallelError.collectiveFailed("\(error)") }
            result.exchangeSeconds = Self.seconds(clock.now - exchange)
        }
        let clip = clipping.clip(gradients)
        optimizer.step(gradients, lr: lr, gradScale: clip.scale)
        weightsAsLoaded = false
        encodings.removeAll()
        result.gradNorm = clip.norm
        result.optimizerSeconds = Self.seconds(clock.now - start)
        return result
    }

    /// One micro-batch's loss and its terms as logged: this process's values over the micro-batches, or, in a
    /// data-parallel run, every rank's values weighted by its share of the global batch and summed in rank order
    /// (what one process with gradient accumulation over the same rows logs, bit for bit when the shares are exact).
    private func loggedValues(loss: Float, terms: [(key: String, value: Float, shards: BatchShards?)],
                              microBatches: Int) throws -> (loss: Double, components: [String: Double]) {
        guard let group, let shards = terms.first?.shards else {
            return (Double(loss) / Double(microBatches),
                    Dictionary(terms.map { ($0.key, Double($0.value) / Double(microBatches)) }) { $0 + $1 })
        }
        let mine = [loss] + terms.map(\.value)
        var all = [Float](repeating: 0, count: mine.count * group.size)                           // [N, 1 + T]
        do { try all.withUnsafeMutableBufferPointer { try group.allGather(mine, count: mine.count, into: $0.baseAddress!) } }
        catch { throw DataParallelError.collectiveFailed("\(error)") }
        func share(_ value: Float, rank: Int, of shards: BatchShards) -> Double {
            Double(value) * Double(shards.range(of: rank).count) / Double(shards.total * microBatches)
        }
        var total = 0.0, components: [String: Double] = [:]
        for r in 0..<group.size {
            total += share(all[r * mine.count], rank: r, of: shards)
            for (t, term) in terms.enumerated() {
                components[term.key, default: 0] += share(all[r * mine.count + 1 + t], rank: r, of: term.shards ?? shards)
            }
        }
        return (total, components)
    }

    /// Trains to the end of the plan (or, for an evaluation-only plan, evaluates once at step 0).
    @discardableResult
    public func train() throws -> Summary {
        guard !plan.isEvaluationOnly else { return try evaluateOnly() }
        let terms = plan.terms
        // in-batch negatives must be real negatives: no text twice in a batch (sentence-transformers' NO_DUPLICATES)
        var samplers: [any BatchSampling] = terms.enumerated().map { i, t -> any BatchSampling in
            let seed = plan.seed &+ UInt64(i)
            return t.term.loss.usesInBatchNegatives
                ? NoDuplicatesBatchSampler(dataset: t.term.dataset, batchSize: plan.batchSize, seed: seed)
                : BatchSampler(dataset: t.term.dataset, batchSize: plan.batchSize, seed: seed)
        }
        let microBatchesPerEpoch = (terms[0].term.dataset.count + plan.batchSize - 1) / plan.batchSize
        let stepsPerEpoch = max(1, microBatchesPerEpoch / max(plan.gradientAccumulation, 1))
        let totalSteps = plan.maxSteps ?? plan.epochs * stepsPerEpoch
        let schedule = try LinearSchedule(lr: plan.lr, totalSteps: totalSteps, warmup: .ratio(plan.warmupRatio))

        var summary = Summary(steps: totalSteps, evaluations: [:])
        var start = 0
        if let checkpoint = resumeFrom {
            try restore(checkpoint, samplers: &samplers)
            start = checkpoint.step
            summary.bestValue = checkpoint.bestValue
            summary.bestStep = checkpoint.bestStep
        } else {
            if plan.evaluateBeforeTraining && !plan.evaluators.isEmpty && isLeader {
                try evaluate(model, step: 0, summary: &summary, isBaseline: true)
            }
            if !plan.testEvaluators.isEmpty && isLeader { try test(model, step: 0, summary: &summary) }
        }

        let bar = ProgressBar(total: totalSteps, unit: "steps", enabled: showProgress && isLeader)
        for step in (start + 1)..<(totalSteps + 1) {
            let lr = schedule.lr(at: step - 1)
            let result = try self.step(step, lr: lr) { _, term in
                var rows = samplers[term].next() ?? samplers[term].next()!  // nil ends an epoch; the next call starts the next
                guard let group else { return prepare(term: term, rows: rows) }
                // every rank draws the same global batch and takes its shard; an epoch's last batch with fewer rows
                // than ranks is passed over by all of them alike
                while rows.count < group.size { rows = samplers[term].next() ?? samplers[term].next()! }
                let shards = BatchShards(total: rows.count, ranks: group.size)
                var prepared = prepare(term: term, rows: Array(rows[shards.range(of: group.rank)]))
                prepared.shards = shards
                return prepared
            }
            var values = ["loss": result.loss, "lr": lr, "grad_norm": Double(result.gradNorm)]
            if terms.count > 1 { values.merge(result.components) { $1 } }
            try run?.log(step: step, epoch: Double(step) / Double(stepsPerEpoch), values)
            summary.lastLoss = result.loss
            summary.exchangeSeconds += result.exchangeSeconds
            summary.exchangedFloats = result.exchangedFloats
            bar.update(step, suffix: String(format: "loss %.4f", result.loss))

            let evaluateNow = (plan.evaluateEvery.map { $0 > 0 && step % $0 == 0 } ?? false) || step == totalSteps
            let stopNow = stopAfterStep == step
            if evaluateNow && !plan.evaluators.isEmpty && isLeader { try evaluate(model, step: step, summary: &summary, isBaseline: false) }
            if evaluateNow || stopNow {
                if let run {
                    let checkpoint = TrainerCheckpoint(step: step, samplers: samplers.map(\.position), bestValue: summary.bestValue,
                                                       bestStep: summary.bestStep)
                    try checkpoint.write(runFolder: run.folder, parameters: parameters, optimizerState: optimizer.state())
                }
            }
            if stopNow { try run?.flush(); return summary }
        }
        if let run, plan.evaluators.isEmpty { try save(model, to: run.folder, step: totalSteps) }
        if !plan.testEvaluators.isEmpty && isLeader {
            // the model kept as best: the in-memory one when it is the last (or there is no run folder), else as saved
            if let run, summary.bestStep != totalSteps {
                let kept = try SentenceTransformer(folder: run.folder.appendingPathComponent("model"))
                if let m = plan.maxSeqLength { kept.maxSeqLength = min(m, kept.model.config.maxSequenceLength) }
                encodings.removeAll()
                try test(kept, step: totalSteps, summary: &summary)
            } else {
                try test(model, step: totalSteps, summary: &summary)
            }
        }
        try run?.flush()
        return summary
    }

    /// An evaluation-only plan: every evaluator and held-out evaluator once, at step 0, on the model as loaded.
    private func evaluateOnly() throws -> Summary {
        var summary = Summary(steps: 0, evaluations: [:])
        guard isLeader else { return summary }
        if !plan.evaluators.isEmpty { try evaluate(model, step: 0, summary: &summary, isBaseline: true) }
        if !plan.testEvaluators.isEmpty { try test(model, step: 0, summary: &summary) }
        try run?.flush()
        return summary
    }

    /// Dropout seed of one micro-batch of one term: a hash of (plan seed, step, micro-batch, term).
    private func dropoutSeed(step: Int, micro: Int, term: Int) -> UInt64 {
        SplitMix64.mix(plan.seed &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(micro) << 48 &+ UInt64(term) << 56)
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Runs every evaluator, logs metrics and per-item scores, and keeps the best model.
    private func evaluate(_ st: SentenceTransformer, step: Int, summary: inout Summary, isBaseline: Bool) throws {
        let (metrics, primary) = try runEvaluators(plan.evaluators, key: MetricKey.eval, on: st, step: step)
        summary.evaluations[step] = metrics
        guard !isBaseline, let primary, primary > (summary.bestValue ?? -.infinity) else { return }
        summary.bestValue = primary
        summary.bestStep = step
        if let run { try save(st, to: run.folder, step: step) }
    }

    /// Saves the model kept as `<run>/model/` and each term's loss parameters beside it (`<run>/losses/<term>/`).
    ///
    /// A loss's parameters are a training aid, not part of the model (`MSELoss`'s projection maps the student to
    /// the teacher's width only to compute the loss), so they are not listed in the model's `modules.json`; each
    /// loss writes them in a form sentence-transformers loads (`MSELoss`: a `Dense` module folder).
    private func save(_ st: SentenceTransformer, to runFolder: URL, step: Int) throws {
        try st.save(to: runFolder.appendingPathComponent("model"), metadata: ["step": "\(step)"])
        for t in plan.terms where !t.term.loss.namedParameters.isEmpty {
            try t.term.loss.saveParameters(to: runFolder.appendingPathComponent("losses/\(t.name)"))
        }
    }

    /// Runs the held-out evaluators on `st` and logs `test/<name>/<metric>` at `step`.
    private func test(_ st: SentenceTransformer, step: Int, summary: inout Summary) throws {
        summary.tests[step] = try runEvaluators(plan.testEvaluators, key: MetricKey.test, on: st, step: step).metrics
    }

    /// Runs `evaluators` on `st` with the model's prompts, logs `key(name, metric)` and per-item scores at
    /// `step`; returns the metrics and the first evaluator's primary metric.
    private func runEvaluators(_ evaluators: [any SentenceEvaluator], key: (String, String) -> String, on st: SentenceTransformer,
                               step: Int) throws -> (metrics: [String: Double], primary: Double?) {
        // evaluation shapes differ from training's: neither phase's idle buffers sit beside the other's
        BufferPool.current.trim()
        defer { BufferPool.current.trim() }
        var metrics: [String: Double] = [:]
        var primary: Double?
        for (i, evaluator) in evaluators.enumerated() {
            let result = try evaluator.applyingDefaultPrompts(rolePrompts).evaluate { texts, prompt in
                try encodings.embeddings(texts, prompt: prompt) { texts, prompt in
                    if let store = embeddingStore, weightsAsLoaded, st === model {
                        return try store.embeddings(texts, prompt: prompt, model: st)                      // [N, D]
                    }
                    return try st.encode(texts, batchSize: 64, prompt: prompt)                             // [N, D]
                }
            }
            for (k, v) in result.metrics { metrics[key(evaluator.name, k)] = v }
            if i == 0 { primary = result.metrics[evaluator.primaryMetric] }
            try run?.logEval(evaluator.name, step: step, rows: result.rows.map { row in
                var r: [String: JSONValue] = ["id": .string(row.id)]
                for (k, v) in row.values { r[k] = .number(v) }
                return r
            })
        }
        try run?.log(step: step, metrics)
        try run?.flush()
        return (metrics, primary)
    }

    /// Puts a checkpoint's weights (the model's and the losses'), optimizer state and sampler positions back.
    private func restore(_ checkpoint: TrainerCheckpoint, samplers: inout [any BatchSampling]) throws {
        let saved = try checkpoint.parameters()
        for (name, tensor) in parameters {
            guard let s = saved[name], s.shape == tensor.shape else {
                throw TrainerError.checkpointMismatch("\(name) is missing or has another shape")
            }
            s.values.withUnsafeBufferPointer { tensor.mutableData.update(from: $0.baseAddress!, count: tensor.count) }
        }
        try optimizer.restore(try checkpoint.optimizerState())
        guard checkpoint.samplers.count == samplers.count else { throw TrainerError.checkpointMismatch("the number of datasets differs") }
        for i in samplers.indices { try samplers[i].restore(checkpoint.samplers[i]) }
    }
}
