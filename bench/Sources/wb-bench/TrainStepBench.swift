import Datasets
import Foundation
import Models
import Tensors
import Training

/// `wb-bench train-step`: one training step as `bench_train.py` times it: forward of both columns through the
/// sentence transformer (dropout on) and the library's loss ("fwd"), backward ("bwd"), and with
/// `--optimizer adamw` gradient clipping (1.0) and an AdamW step (lr 2e-5, weight decay 0.01) ("opt"), on
/// batches of 32 pre-tokenized pairs (32 distinct batches, cycled), `warmup` untimed steps first.
struct TrainStepBench {
    enum LossKind: String { case mnrl, cosine }

    var pairs: Inputs.Pairs
    var pairsPath: String
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

    init(_ o: inout Options) throws {
        pairsPath = try o.string("pairs")
        pairs = try Inputs.pairs(pairsPath)
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
    }

    func run() throws {
        // the library's own step (Trainer.step): forward + loss, backward, and with --optimizer adamw clipping + AdamW
        let objective: any Loss = loss == .mnrl ? MultipleNegativesRankingLoss(temperature: 0.05) : CosineSimilarityLoss()
        let data = loss == .mnrl
            ? try PairDataset(name: "bench", columns: ["anchor", "positive"], texts: [pairs.anchors, pairs.positives])
            : try PairDataset(name: "bench", columns: ["sentence1", "sentence2"], texts: [pairs.anchors, pairs.positives],
                              labelColumn: "score", labels: pairs.labels.map(Double.init))
        var plan = TrainingPlan(model: model, objective: .single(.init(data, objective)))
        plan.maxSeqLength = seq
        plan.lazyEmbeddings = embeddings == "auto" ? nil : embeddings == "lazy"
        plan.modelPrompts = false                    // bare texts, as the peer encodes them
        plan.dropout = dropout
        let (loadS, trainer) = try Measure.time { try Trainer(plan: plan, run: nil) }
        let st = trainer.model
        let rssModel = Measure.currentRSSMiB()
        let lazy = plan.lazyWordEmbeddings(vocabularySize: st.model.config.vocabSize)

        // pre-tokenized batches (the peer pre-tokenizes too and times it separately)
        let n = pairs.batchCount
        let bsz = pairs.pairsPerBatch
        let (tokS, batches) = Measure.time {
            (0..<n).map { i in trainer.prepare(term: 0, rows: Array((i * bsz)..<((i + 1) * bsz))) }
        }
        var optimizerSeconds: [Double] = []

        /// One step → (fwd s, bwd s, loss value).
        func step(_ i: Int) throws -> (Double, Double, Float) {
            let r = try trainer.step(i + 1, lr: 2e-5, update: adamw) { _, _ in batches[i % n] }
            if adamw { optimizerSeconds.append(r.optimizerSeconds) }
            return (r.forwardSeconds, r.backwardSeconds, Float(r.loss))
        }

        for i in 0..<warmup { _ = try step(i) }
        var fwd: [Double] = [], bwd: [Double] = [], total: [Double] = [], foreign: [Double] = [], losses: [Float] = []
        for i in warmup..<(warmup + steps) {
            let fg = ForeignLoad()
            let t0 = Measure.now()
            let (f, b, l) = try step(i)
            total.append(Measure.now() - t0)
            foreign.append(fg.fraction())
            fwd.append(f); bwd.append(b); losses.append(l)
        }
        let sum = total.reduce(0, +)
        let meanPadded = Double(batches.reduce(0) { $0 + $1.tokens.reduce(0) { $0 + $1.sequenceLength } }) / Double(2 * n)
        let stepFLOPs = 3 * EncodeBench.forwardFLOPs(st.model.config, length: Int(meanPadded.rounded()), sequences: 2 * bsz)
        Measure.printJSON([
            "bench": "train-step", "loss": loss.rawValue, "embedding_updates": lazy ? "lazy" : "dense", "seq": seq, "pairs_per_step": bsz, "optimizer": adamw ? "adamw" : "none", "dropout": dropout,
            "opt_ms_median": adamw ? Measure.r3(Measure.median(Array(optimizerSeconds.suffix(steps))) * 1e3) : NSNull(),  // null: no optimizer step
            "steps_timed": steps, "warmup": warmup, "mean_padded_len": Measure.r3(meanPadded),
            "steps_per_s": Measure.r3(Double(steps) / sum), "pairs_per_s": Measure.r3(Double(steps * bsz) / sum),
            "step_ms_median": Measure.r3(Measure.median(total) * 1e3),
            "fwd_ms_median": Measure.r3(Measure.median(fwd) * 1e3), "bwd_ms_median": Measure.r3(Measure.median(bwd) * 1e3),
            "max_foreign_load": Measure.r3(foreign.max() ?? 0),
            "loss_first_last": [Double(losses.first ?? .nan), Double(losses.last ?? .nan)],
            "tokenize_ms_per_batch": Measure.r3(tokS * 1e3 / Double(n)),
            "step_gflop": Measure.r3(stepFLOPs / 1e9), "achieved_gflops": Measure.r3(stepFLOPs * Double(steps) / sum / 1e9),
            "model_load_s": Measure.r3(loadS), "rss_after_model_load_mib": Measure.r3(rssModel),
            "peak_rss_mib": Measure.r3(Measure.peakRSSMiB()),
            "pool_peak_live_mib": Measure.r3(Double(BufferPool.shared.statistics.peakLiveBytes) / 1048576),
            "blas_core": BLAS.coreName, "blas_threads": BLAS.threads, "parameters_with_gradients": trainer.parameters.count,
        ])
    }
}
