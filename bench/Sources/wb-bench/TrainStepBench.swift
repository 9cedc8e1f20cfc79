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
        let (loadS, st) = try Measure.time { try SentenceTransformer(folder: URL(fileURLWithPath: model)) }
        st.maxSeqLength = seq
        st.model.requireGradients()
        let parameterCount = st.model.namedParameters.count
        let rssModel = Measure.currentRSSMiB()

        // pre-tokenized batches (the peer pre-tokenizes too and times it separately)
        let n = pairs.batchCount
        let (tokS, batches) = Measure.time {
            (0..<n).map { i in
                let b = pairs.batch(i)
                return (st.tokenize(b.anchors), st.tokenize(b.positives), Tensor(shape: [b.labels.count], scalars: b.labels))
            }
        }
        let bsz = pairs.pairsPerBatch
        let objective: any Loss = loss == .mnrl ? MultipleNegativesRankingLoss(temperature: 0.05) : CosineSimilarityLoss()
        let lazy = embeddings == "lazy" || (embeddings == "auto" && st.model.config.vocabSize > TrainingPlan.lazyVocabularyThreshold)
        let optimizer = try AdamW(parameters: st.model.namedParameters, weightDecay: 0.01,
                                  lazyRows: lazy ? ["embeddings.word_embeddings.weight"] : [])
        let clipping = GradientClipping(maxNorm: 1)
        var optimizerSeconds: [Double] = []

        /// One step → (fwd s, bwd s, loss value).
        func step(_ i: Int) throws -> (Double, Double, Float) {
            let (anchors, positives, labels) = batches[i % n]
            let t0 = Measure.now()
            let u = try st(anchors, training: dropout, seed: UInt64(2 * i))                // [B, D]
            let v = try st(positives, training: dropout, seed: UInt64(2 * i + 1))          // [B, D]
            let value = objective([u, v], labels: loss == .cosine ? labels : nil)          // []
            let t1 = Measure.now()
            let grads = value.backward()
            let t2 = Measure.now()
            precondition(grads.count == parameterCount, "gradients for \(grads.count) of \(parameterCount) parameters")
            if adamw {
                let aligned = optimizer.aligned(grads)
                let clip = clipping.clip(aligned)
                optimizer.step(aligned, lr: 2e-5, gradScale: clip.scale)
                optimizerSeconds.append(Measure.now() - t2)
            }
            return (t1 - t0, t2 - t1, value.item)
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
        let meanPadded = Double(batches.reduce(0) { $0 + $1.0.sequenceLength + $1.1.sequenceLength }) / Double(2 * n)
        let stepFLOPs = 3 * EncodeBench.forwardFLOPs(st.model.config, length: Int(meanPadded.rounded()), sequences: 2 * bsz)
        Measure.printJSON([
            "bench": "train-step", "loss": loss.rawValue, "embedding_updates": lazy ? "lazy" : "dense", "seq": seq, "pairs_per_step": bsz, "optimizer": adamw ? "adamw" : "none", "dropout": dropout,
            "opt_ms_median": Measure.r3(Measure.median(Array(optimizerSeconds.suffix(steps))) * 1e3),
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
            "blas_core": BLAS.coreName, "blas_threads": BLAS.threads, "parameters_with_gradients": parameterCount,
        ])
    }
}
