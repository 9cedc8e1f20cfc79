import Datasets
import Foundation
import Models
import Runs
import Tensors
import Training

/// `wb-bench train-step`: one training step as `bench_train.py` times it: forward of both columns through the
/// sentence transformer (dropout on) and the library's loss ("fwd"), backward ("bwd"), and with
/// `--optimizer adamw` gradient clipping (1.0) and an AdamW step (lr 2e-5, weight decay 0.01) ("opt"), on
/// batches of pre-tokenized pairs (the file's distinct batches, cycled), `warmup` untimed steps first.
///
/// `--precision bf16` runs the step's linear layers with bf16 products (`TrainingPlan.precision`). `--general FILE`
/// makes it the flagship experiment's step: Matryoshka(MNRL) on `--pairs` plus CosineSimilarityLoss on FILE's
/// pairs, weighted 0.5 / 0.5, both batches through the model before one backward.
struct TrainStepBench {
    enum LossKind: String { case mnrl, cosine }

    var pairs: Inputs.Pairs
    var loss: LossKind
    var seq: Int
    var steps: Int
    var warmup: Int
    var model: String
    /// Dropout off (`--no-dropout`): the losses are then deterministic and comparable with the peer's in eval mode.
    var dropout: Bool
    /// Whether each step ends with clipping and an AdamW update (`--optimizer adamw`).
    var adamw: Bool
    /// Word-embedding updates: `dense` (torch's AdamW), `lazy` (only the batch's rows, `AdamW`'s lazyRows) or
    /// `auto` (the trainer's rule: lazy above 100 000 rows).
    var embeddings: String
    var precision: MatmulPrecision
    /// The flagship mix's general-domain pairs (CosineSimilarityLoss), or nil for a single loss.
    var general: Inputs.Pairs?

    init(_ o: inout Options) throws {
        pairs = try Inputs.pairs(try o.string("pairs"))
        let lossName = try o.string("loss", default: "mnrl")
        guard let l = LossKind(rawValue: lossName) else { throw BenchError.usage("--loss must be mnrl or cosine, got '\(lossName)'") }
        loss = l
        seq = try o.int("seq", default: 32)
        steps = try o.int("steps", default: 20)
        let optimizer = try o.string("optimizer", default: "none")
        guard ["none", "adamw"].contains(optimizer) else { throw BenchError.usage("--optimizer must be none or adamw, got '\(optimizer)'") }
        adamw = optimizer == "adamw"
        let w = try o.string("warmup", default: "3")
        guard let wi = Int(w), wi >= 0 else { throw BenchError.usage("--warmup must be ≥ 0, got '\(w)'") }
        warmup = wi
        model = try o.string("model", default: "models/all-MiniLM-L6-v2")
        dropout = !o.flag("no-dropout")
        embeddings = try o.string("embeddings", default: "auto")
        guard ["auto", "dense", "lazy"].contains(embeddings) else { throw BenchError.usage("--embeddings must be auto, dense or lazy, got '\(embeddings)'") }
        precision = try Options.precision(&o)
        let g = try o.string("general", default: "")
        general = g.isEmpty ? nil : try Inputs.pairs(g)
        if general != nil && loss != .mnrl { throw BenchError.usage("--general needs --loss mnrl (the flagship mix)") }
    }

    /// A step of `loss` on `pairs` with the given settings (the scaling grid's rows).
    init(pairs: Inputs.Pairs, loss: LossKind, seq: Int, steps: Int, warmup: Int, model: String, precision: MatmulPrecision) {
        self.pairs = pairs
        self.loss = loss
        self.seq = seq
        self.steps = steps
        self.warmup = warmup
        self.model = model
        self.precision = precision
        dropout = true
        adamw = true
        embeddings = "auto"
        general = nil
    }

    func run() throws { Measure.printJSON(try measure()) }

    /// Loads the model, runs the steps and returns the report's fields. The peak RSS is the process's since the
    /// last `ProcessMemory.resetPeak()` (the scaling grid resets it before each shape).
    func measure() throws -> [String: Any] {
        // the library's own step (Trainer.step): forward + loss, backward, and with --optimizer adamw clipping + AdamW
        let objective: TrainingPlan.Objective
        if let general {
            // the flagship experiment's objective (experiments/exp-legal-finetune): α = 0.5
            let domain = try PairDataset(name: "bench-domain", columns: ["anchor", "positive"], texts: [pairs.anchors, pairs.positives])
            let gen = try PairDataset(name: "bench-general", columns: ["sentence1", "sentence2"], texts: [general.anchors, general.positives],
                                      labelColumn: "score", labels: general.labels.map(Double.init))
            objective = .mix(alpha: 0.5, general: .init(gen, CosineSimilarityLoss()),
                             domain: .init(domain, MatryoshkaLoss(MultipleNegativesRankingLoss(temperature: 0.05), dims: [384, 256, 128, 64])))
        } else {
            let lossFn: any Loss = loss == .mnrl ? MultipleNegativesRankingLoss(temperature: 0.05) : CosineSimilarityLoss()
            let data = loss == .mnrl
                ? try PairDataset(name: "bench", columns: ["anchor", "positive"], texts: [pairs.anchors, pairs.positives])
                : try PairDataset(name: "bench", columns: ["sentence1", "sentence2"], texts: [pairs.anchors, pairs.positives],
                                  labelColumn: "score", labels: pairs.labels.map(Double.init))
            objective = .single(.init(data, lossFn))
        }
        var plan = TrainingPlan(model: model, objective: objective)
        plan.maxSeqLength = seq
        plan.lazyEmbeddings = embeddings == "auto" ? nil : embeddings == "lazy"
        plan.modelPrompts = false                    // texts as the file has them (prompts, if any, already applied)
        plan.dropout = dropout
        plan.precision = precision
        let (loadS, trainer) = try Measure.time { try Trainer(plan: plan, run: nil) }
        let st = trainer.model
        let rssModel = ProcessMemory.residentMiB
        let lazy = plan.lazyWordEmbeddings(vocabularySize: st.model.config.vocabSize)

        // pre-tokenized batches of each term (the peer pre-tokenizes too and times it separately)
        let bsz = pairs.pairsPerBatch
        let termPairs = [pairs] + (general.map { [$0] } ?? [])
        let n = termPairs.map(\.batchCount).min()!
        let (tokS, batches) = Measure.time {
            termPairs.indices.map { t in
                (0..<n).map { i in
                    trainer.prepare(term: t, rows: Array((i * termPairs[t].pairsPerBatch)..<((i + 1) * termPairs[t].pairsPerBatch)))
                }
            }
        }
        var optimizerSeconds: [Double] = []

        /// One step → (fwd s, bwd s, loss value).
        func step(_ i: Int) throws -> (Double, Double, Float) {
            let r = try trainer.step(i + 1, lr: 2e-5, update: adamw) { _, term in batches[term][i % n] }
            if adamw { optimizerSeconds.append(r.optimizerSeconds) }
            return (r.forwardSeconds, r.backwardSeconds, Float(r.loss))
        }

        for i in 0..<warmup { _ = try step(i) }
        var fwd: [Double] = [], bwd: [Double] = [], total: [Double] = [], foreign: [Double] = [], losses: [Float] = []
        var stepFLOPs: [Double] = []
        for i in warmup..<(warmup + steps) {
            let fg = ForeignLoad()
            let t0 = Measure.now()
            let (f, b, l) = try step(i)
            total.append(Measure.now() - t0)
            foreign.append(fg.fraction())
            fwd.append(f); bwd.append(b); losses.append(l)
            stepFLOPs.append(batches.reduce(0.0) { sum, term in
                sum + term[i % n].tokens.reduce(0.0) { $0 + Self.trainFLOPs(st.model.config, $1) }
            })
        }
        let sum = total.reduce(0, +)
        let tokenBatches = batches.flatMap { $0.flatMap(\.tokens) }
        let meanPadded = Double(tokenBatches.reduce(0) { $0 + $1.sequenceLength }) / Double(tokenBatches.count)
        let tokensPerStep = Double(tokenBatches.reduce(0) { $0 + $1.batchSize * $1.sequenceLength }) / Double(n)
        let meanFLOPs = stepFLOPs.reduce(0, +) / Double(steps)
        return [
            "bench": "train-step", "loss": general == nil ? loss.rawValue : "flagship-mix", "model": model,
            "embedding_updates": lazy ? "lazy" : "dense", "seq": seq, "pairs_per_step": bsz,
            "optimizer": adamw ? "adamw" : "none", "dropout": dropout,
            "precision": precision.rawValue, "precision_effective": precision.effective.rawValue,
            "opt_ms_median": adamw ? Measure.r3(Measure.median(Array(optimizerSeconds.suffix(steps))) * 1e3) : NSNull(),  // null: no optimizer step
            "steps_timed": steps, "warmup": warmup, "mean_padded_len": Measure.r3(meanPadded),
            "padded_tokens_per_step": Measure.r3(tokensPerStep),
            "steps_per_s": Measure.r3(Double(steps) / sum), "pairs_per_s": Measure.r3(Double(steps * bsz) / sum),
            "step_ms_median": Measure.r3(Measure.median(total) * 1e3),
            "fwd_ms_median": Measure.r3(Measure.median(fwd) * 1e3), "bwd_ms_median": Measure.r3(Measure.median(bwd) * 1e3),
            "max_foreign_load": Measure.r3(foreign.max() ?? 0),
            "loss_first_last": [Double(losses.first ?? .nan), Double(losses.last ?? .nan)],
            "tokenize_ms_per_batch": Measure.r3(tokS * 1e3 / Double(n)),
            // model FLOPs of the timed steps (trainFLOPs), over the whole step's time (fwd + bwd + optimizer)
            "step_gflop": Measure.r3(meanFLOPs / 1e9), "achieved_gflops": Measure.r3(stepFLOPs.reduce(0, +) / sum / 1e9),
            "model_load_s": Measure.r3(loadS), "rss_after_model_load_mib": Measure.r3(rssModel),
            "peak_rss_mib": Measure.r3(ProcessMemory.peakResidentMiB),
            "pool_peak_live_mib": Measure.r3(Double(BufferPool.shared.statistics.peakLiveBytes) / 1048576),
            "blas_core": BLAS.coreName, "blas_threads": BLAS.threads, "blas_thread_timeout": BLAS.threadTimeout.value, "parameters_with_gradients": trainer.parameters.count,
        ]
    }

    /// Model FLOPs of forward + backward of one token batch (`b` sequences padded to `T`) through the encoder
    /// layers, multiply-add = 2:
    ///
    ///     per layer, rows = b·T:
    ///       linear layers   6 · rows · (4·H·H + 2·H·FF)     Q, K, V, output [H→H] and the FFN [H→FF→H]; forward
    ///                                                       2·rows·in·out, backward dX and dW 2·rows·in·out each
    ///       attention       12 · b · T² · H                 Q·Kᵀ and P·V, 2·b·T²·H each forward, twice that backward
    ///     × layers
    ///
    /// Embeddings, LayerNorm, GELU, softmax, pooling, the loss and the optimizer are left out (O(rows·H), small).
    /// Padding counts (it is computed); this is the peer's `common.train_step_flops` with exact per-batch shapes.
    static func trainFLOPs(_ c: BertConfig, _ batch: TokenBatch) -> Double {
        let h = Double(c.hiddenSize), ff = Double(c.intermediateSize), layers = Double(c.numHiddenLayers)
        let b = Double(batch.batchSize), t = Double(batch.sequenceLength)
        let linear = 6 * b * t * (4 * h * h + 2 * h * ff)
        let attention = 12 * b * t * t * h
        return (linear + attention) * layers
    }
}
