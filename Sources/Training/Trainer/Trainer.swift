import Datasets
import Evaluation
import Foundation
import Models
import Runs
import Tensors

/// The training loop: batches → embeddings → loss → backward → clip → AdamW, with evaluations,
/// the best model kept as a sentence-transformers folder, resumable checkpoints, and a metric log.
///
/// Everything is seeded (batch order, dropout masks), so the same plan gives bit-identical metrics, and a
/// run resumed from a checkpoint continues exactly as the uninterrupted run would have.
public final class Trainer {
    public let plan: TrainingPlan
    let run: Run?
    /// The model folder's prompts by role, applied where a term or evaluator sets none (`plan.modelPrompts`).
    private var rolePrompts = RolePrompts.none
    /// Embeddings at the current weights by (prompt, texts), so evaluators that share texts (the dev and test
    /// retrieval splits share one corpus) encode them once; emptied whenever the weights change.
    private var encodings: [String: Tensor] = [:]
    let resumeFrom: TrainerCheckpoint?
    /// Show a progress bar on standard error.
    public var showProgress = true
    /// Stop (with a checkpoint) after this optimizer step although the plan goes on: a time budget, or
    /// tests of resuming.
    public var stopAfterStep: Int?

    public init(plan: TrainingPlan, run: Run?, resumeFrom: TrainerCheckpoint? = nil) {
        self.plan = plan
        self.run = run
        self.resumeFrom = resumeFrom
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
    }

    /// Trains to the end of the plan.
    @discardableResult
    public func train() throws -> Summary {
        let st = try SentenceTransformer(folder: URL(fileURLWithPath: plan.model))
        if let m = plan.maxSeqLength { st.maxSeqLength = min(m, st.model.config.maxSequenceLength) }
        st.model.requireGradients()
        rolePrompts = plan.modelPrompts ? RolePrompts(st.folder) : .none
        let parameters = st.model.namedParameters
        let lazyRows: Set<String> = plan.lazyWordEmbeddings(vocabularySize: st.model.config.vocabSize)
            ? ["embeddings.word_embeddings.weight"] : []
        let optimizer = try AdamW(parameters: parameters, weightDecay: plan.weightDecay, lazyRows: lazyRows)
        let terms = plan.objective.weightedTerms
        for t in terms where t.term.dataset.count == 0 { throw TrainerError.emptyDataset(t.term.dataset.name) }
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
        let clipping = GradientClipping(maxNorm: Float(plan.maxGradNorm))

        var summary = Summary(steps: totalSteps, evaluations: [:])
        var start = 0
        if let checkpoint = resumeFrom {
            try restore(checkpoint, parameters: parameters, optimizer: optimizer, samplers: &samplers)
            start = checkpoint.step
            summary.bestValue = checkpoint.bestValue
            summary.bestStep = checkpoint.bestStep
        } else {
            if plan.evaluateBeforeTraining && !plan.evaluators.isEmpty {
                try evaluate(st, step: 0, summary: &summary, isBaseline: true)
            }
            if !plan.testEvaluators.isEmpty { try test(st, step: 0, summary: &summary) }
        }

        let bar = ProgressBar(total: totalSteps, unit: "steps", enabled: showProgress)
        for step in (start + 1)..<(totalSteps + 1) {
            // one optimizer step = gradientAccumulation micro-batches of every term
            var gradients: [Gradient?] = []
            var totalLoss = 0.0
            var components: [String: Double] = [:]
            let accumulator = plan.gradientAccumulation > 1
                ? GradientAccumulator(parameters: parameters.map(\.1), steps: plan.gradientAccumulation) : nil
            for micro in 0..<max(plan.gradientAccumulation, 1) {
                var loss: Tensor?
                for (i, t) in terms.enumerated() where t.weight != 0 {
                    let rows = samplers[i].next() ?? samplers[i].next()!  // nil ends an epoch; the next call starts the next
                    let term = try termLoss(st, t.term, rows: rows, seed: dropoutSeed(step: step, micro: micro, term: i))
                    components["loss/\(t.name)", default: 0] += Double(term.item) / Double(max(plan.gradientAccumulation, 1))
                    let weighted = t.weight == 1 ? term : term * Float(t.weight)
                    loss = loss.map { $0 + weighted } ?? weighted
                }
                guard var loss else { continue }
                if plan.gradientAccumulation > 1 { loss = loss * (1 / Float(plan.gradientAccumulation)) }
                let value = Double(loss.item)
                guard value.isFinite else {
                    throw TrainerError.nonFiniteLoss(step: step, value: value, checkpoint: run.flatMap { TrainerCheckpoint.latest(in: $0.folder)?.folder?.path })
                }
                totalLoss += value
                let grads = optimizer.aligned(loss.backward())
                if let accumulator { accumulator.add(grads) } else { gradients = grads }
            }
            if let accumulator { gradients = accumulator.take() }
            let clip = clipping.clip(gradients)
            let lr = schedule.lr(at: step - 1)
            optimizer.step(gradients, lr: lr, gradScale: clip.scale)
            encodings.removeAll()

            var values = ["loss": totalLoss, "lr": lr, "grad_norm": Double(clip.norm)]
            if terms.count > 1 { values.merge(components) { $1 } }
            try run?.log(step: step, epoch: Double(step) / Double(stepsPerEpoch), values)
            summary.lastLoss = totalLoss
            bar.update(step, suffix: String(format: "loss %.4f", totalLoss))

            let evaluateNow = (plan.evaluateEvery.map { $0 > 0 && step % $0 == 0 } ?? false) || step == totalSteps
            let stopNow = stopAfterStep == step
            if evaluateNow && !plan.evaluators.isEmpty { try evaluate(st, step: step, summary: &summary, isBaseline: false) }
            if evaluateNow || stopNow {
                if let run {
                    let checkpoint = TrainerCheckpoint(step: step, samplers: samplers.map(\.position), bestValue: summary.bestValue,
                                                       bestStep: summary.bestStep)
                    try checkpoint.write(runFolder: run.folder, parameters: parameters, optimizerState: optimizer.state())
                }
            }
            if stopNow { try run?.flush(); return summary }
        }
        if let run, plan.evaluators.isEmpty { try st.save(to: run.folder.appendingPathComponent("model")) }
        if !plan.testEvaluators.isEmpty {
            // the model kept as best: the in-memory one when it is the last (or there is no run folder), else as saved
            if let run, summary.bestStep != totalSteps {
                let kept = try SentenceTransformer(folder: run.folder.appendingPathComponent("model"))
                if let m = plan.maxSeqLength { kept.maxSeqLength = min(m, kept.model.config.maxSequenceLength) }
                encodings.removeAll()
                try test(kept, step: totalSteps, summary: &summary)
            } else {
                try test(st, step: totalSteps, summary: &summary)
            }
        }
        try run?.flush()
        return summary
    }

    /// The loss of one term on the rows of one batch.
    private func termLoss(_ st: SentenceTransformer, _ term: TrainingPlan.Term, rows: [Int], seed: UInt64) throws -> Tensor {
        let batch = term.dataset.batch(rows)
        var embeddings: [Tensor] = []
        for (c, column) in batch.columns.enumerated() {
            let tokens = st.tokenize(batch.texts[c], prompt: term.prompts[column] ?? rolePrompts.forColumn(column))
            embeddings.append(try st(tokens, training: true, seed: seed &+ UInt64(c) &* 0x51_7CC1_B727_220A))  // [B, D]
        }
        let labels = batch.labels.map { Tensor(shape: [rows.count], scalars: $0.map(Float.init)) }               // [B]
        return term.loss(embeddings, labels: labels)
    }

    /// Dropout seed of one micro-batch of one term: a hash of (plan seed, step, micro-batch, term).
    private func dropoutSeed(step: Int, micro: Int, term: Int) -> UInt64 {
        var z = plan.seed &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(micro) << 48 &+ UInt64(term) << 56
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Runs every evaluator, logs metrics and per-item scores, and keeps the best model.
    private func evaluate(_ st: SentenceTransformer, step: Int, summary: inout Summary, isBaseline: Bool) throws {
        let (metrics, primary) = try runEvaluators(plan.evaluators, prefix: "eval", on: st, step: step)
        summary.evaluations[step] = metrics
        guard !isBaseline, let primary, primary > (summary.bestValue ?? -.infinity) else { return }
        summary.bestValue = primary
        summary.bestStep = step
        if let run { try st.save(to: run.folder.appendingPathComponent("model"), metadata: ["step": "\(step)"]) }
    }

    /// Runs the held-out evaluators on `st` and logs `test/<name>/<metric>` at `step`.
    private func test(_ st: SentenceTransformer, step: Int, summary: inout Summary) throws {
        summary.tests[step] = try runEvaluators(plan.testEvaluators, prefix: "test", on: st, step: step).metrics
    }

    /// Runs `evaluators` on `st` with the model's prompts, logs `<prefix>/<name>/<metric>` and per-item scores at
    /// `step`; returns the metrics and the first evaluator's primary metric.
    private func runEvaluators(_ evaluators: [any SentenceEvaluator], prefix: String, on st: SentenceTransformer,
                               step: Int) throws -> (metrics: [String: Double], primary: Double?) {
        var metrics: [String: Double] = [:]
        var primary: Double?
        for (i, evaluator) in evaluators.enumerated() {
            let result = try evaluator.applyingDefaultPrompts(rolePrompts).evaluate { texts, prompt in
                try encode(st, texts, prompt: prompt)
            }
            for (k, v) in result.metrics { metrics["\(prefix)/\(evaluator.name)/\(k)"] = v }
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

    /// `st.encode` of `texts` with `prompt`, once per weight state (see `encodings`).
    private func encode(_ st: SentenceTransformer, _ texts: [String], prompt: String?) throws -> Tensor {
        let key = (prompt ?? "") + "\u{0}" + texts.joined(separator: "\u{1}")
        if let hit = encodings[key] { return hit }
        let embeddings = try st.encode(texts, batchSize: 64, prompt: prompt)                 // [N, D]
        encodings[key] = embeddings
        return embeddings
    }

    /// Puts a checkpoint's weights, optimizer state and sampler positions back.
    private func restore(_ checkpoint: TrainerCheckpoint, parameters: [(String, Tensor)], optimizer: AdamW,
                         samplers: inout [any BatchSampling]) throws {
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
