import Foundation
import Models
import Tensors

/// `wb-bench encode`: `SentenceTransformer.encode` throughput on the peer's 2 048 texts, as `bench_infer.py`
/// measures `model.encode` (one warm-up pass, then the median of `runs` passes).
///
/// With `--breakdown`, one extra pass splits the time into tokenization, the encoder's forward, and pooling,
/// and times the encoder's dense GEMMs alone on the same token counts (the GEMM share of the forward).
struct EncodeBench {
    var texts: [String]
    var seq: Int
    var batchSize: Int
    var runs: Int
    var model: String
    var breakdown: Bool

    init(_ o: inout Options) throws {
        texts = try Inputs.texts(try o.string("texts"))
        seq = try o.int("seq", default: 32)
        batchSize = try o.int("batch-size", default: 32)
        runs = try o.int("runs", default: 3)
        model = try o.string("model", default: "models/all-MiniLM-L6-v2")
        breakdown = o.flag("breakdown")
    }

    func run() throws {
        let (loadS, st) = try Measure.time { try SentenceTransformer(folder: URL(fileURLWithPath: model)) }
        st.maxSeqLength = seq
        let rssModel = Measure.currentRSSMiB()

        // warm-up, then timed passes
        let (warmS, warm) = try Measure.time { try st.encode(texts, batchSize: batchSize) }
        precondition(warm.shape == [texts.count, st.dimension], "encode returned \(warm.shape)")
        var times: [Double] = [], foreign: [Double] = []
        for _ in 0..<runs {
            let fg = ForeignLoad()
            let (dt, _) = try Measure.time { try st.encode(texts, batchSize: batchSize) }
            times.append(dt)
            foreign.append(fg.fraction())
        }
        let med = Measure.median(times)

        // token statistics and FLOPs of the batches encode() forms (sorted by length, longest first)
        let order = texts.indices.sorted { texts[$0].count > texts[$1].count }
        let batches = stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, order.count)]) }
        let (tokS, tokenBatches) = Measure.time { batches.map { st.tokenize($0.map { texts[$0] }) } }
        let cfg = st.model.config
        let flops = tokenBatches.reduce(0.0) { $0 + Self.forwardFLOPs(cfg, length: $1.sequenceLength, sequences: $1.batchSize) }
        let meanTokens = Double(tokenBatches.reduce(0) { $0 + $1.lengths.reduce(0, +) }) / Double(texts.count)
        let meanPadded = Double(tokenBatches.reduce(0) { $0 + $1.sequenceLength }) / Double(tokenBatches.count)

        var fields: [String: Any] = [
            "bench": "encode", "seq": seq, "batch_size": batchSize, "n_sentences": texts.count, "runs": runs,
            "run_times_s": times.map(Measure.r3), "foreign_load": foreign.map(Measure.r3),
            "median_s": Measure.r3(med), "sentences_per_s": Measure.r3(Double(texts.count) / med),
            "warmup_s": Measure.r3(warmS), "model_load_s": Measure.r3(loadS),
            "tokenize_only_s": Measure.r3(tokS), "mean_tokens_per_text": Measure.r3(meanTokens),
            "mean_padded_len": Measure.r3(meanPadded), "forward_gflop": Measure.r3(flops / 1e9),
            "achieved_gflops": Measure.r3(flops / med / 1e9),
            "rss_after_model_load_mib": Measure.r3(rssModel), "peak_rss_mib": Measure.r3(Measure.peakRSSMiB()),
            "pool_peak_live_mib": Measure.r3(Double(BufferPool.shared.statistics.peakLiveBytes) / 1048576),
            "blas_core": BLAS.coreName, "blas_threads": BLAS.threads,
        ]
        if breakdown { fields["breakdown"] = try self.breakdown(st, tokenBatches: tokenBatches, batches: batches) }
        Measure.printJSON(fields)
    }

    /// One pass in encode()'s order, timing each stage; then the dense GEMMs alone on the same shapes.
    private func breakdown(_ st: SentenceTransformer, tokenBatches: [TokenBatch], batches: [[Int]]) throws -> [String: Any] {
        var tok = 0.0, fwd = 0.0, pool = 0.0
        try GradMode.withoutGradients {
            for rows in batches {
                let (t1, batch) = Measure.time { st.tokenize(rows.map { texts[$0] }) }
                let (t2, hidden) = try Measure.time { try st.model(batch) }                       // [b, T, H]
                let (t3, v) = Measure.time { st.pooling(hidden, mask: batch.maskTensor).l2Normalized() } // [b, H]
                precondition(v.shape[0] == rows.count)
                tok += t1; fwd += t2; pool += t3
            }
        }
        // dense GEMMs of the encoder (Q, K, V, out, FFN up, FFN down per layer) on random weights, same shapes
        let cfg = st.model.config
        let h = cfg.hiddenSize, ff = cfg.intermediateSize
        let wHH = Tensor(shape: [h, h], repeating: 0.01), wUp = Tensor(shape: [ff, h], repeating: 0.01)
        let wDown = Tensor(shape: [h, ff], repeating: 0.01)
        var gemm = 0.0
        GradMode.withoutGradients {
            for b in tokenBatches {
                let rows = b.batchSize * b.sequenceLength
                let x = Tensor(shape: [rows, h], repeating: 0.1), y = Tensor(shape: [rows, ff], repeating: 0.1)
                let t0 = Measure.now()
                for _ in 0..<cfg.numHiddenLayers {
                    for _ in 0..<4 { _ = Tensor.matmul(x, wHH, transposeB: true) } // [rows, H]
                    _ = Tensor.matmul(x, wUp, transposeB: true)                     // [rows, FF]
                    _ = Tensor.matmul(y, wDown, transposeB: true)                   // [rows, H]
                }
                gemm += Measure.now() - t0
            }
        }
        let n = Double(tokenBatches.count)
        return [
            "batches": tokenBatches.count,
            "tokenize_ms_total": Measure.r3(tok * 1e3), "forward_ms_total": Measure.r3(fwd * 1e3),
            "pool_normalize_ms_total": Measure.r3(pool * 1e3),
            "forward_ms_per_batch": Measure.r3(fwd * 1e3 / n), "tokenize_ms_per_batch": Measure.r3(tok * 1e3 / n),
            "dense_gemm_ms_total": Measure.r3(gemm * 1e3),
            "dense_gemm_share_of_forward": Measure.r3(gemm / fwd),
        ]
    }

    /// Forward FLOPs of the transformer layers for `sequences` sequences padded to `length` (the peer's formula).
    static func forwardFLOPs(_ c: BertConfig, length: Int, sequences: Int) -> Double {
        let d = Double(c.hiddenSize), ff = Double(c.intermediateSize), layers = Double(c.numHiddenLayers)
        let t = Double(length * sequences)
        let dense = 2 * t * (4 * d * d + 2 * d * ff) * layers
        let attn = 4 * Double(length * length) * d * Double(sequences) * layers
        return dense + attn
    }
}
