import Foundation
import Models
import Runs
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
    /// The peer's vectors, read after the peak RSS is taken (decoding the JSON costs ~60 MiB).
    var referencePath: String?
    /// fp32, or bf16 linear layers (`MatmulPrecision`).
    var precision: MatmulPrecision

    init(_ o: inout Options) throws {
        texts = try Inputs.texts(try o.string("texts"))
        seq = try o.int("seq", default: 32)
        batchSize = try o.int("batch-size", default: 32)
        runs = try o.int("runs", default: 3)
        model = try o.string("model", default: "models/all-MiniLM-L6-v2")
        breakdown = o.flag("breakdown")
        precision = try Options.precision(&o)
        let ref = try o.string("reference", default: "")
        referencePath = ref.isEmpty ? nil : ref
        if !ref.isEmpty && !FileManager.default.isReadableFile(atPath: ref) {
            throw BenchError.input("cannot read \(ref) (run bench/make_inputs.py first)")
        }
    }

    func run() throws {
        let (loadS, st) = try Measure.time { try SentenceTransformer(folder: URL(fileURLWithPath: model)) }
        st.maxSeqLength = seq
        let rssModel = ProcessMemory.residentMiB

        // warm-up, then timed passes
        let (warmS, warm) = try Measure.time { try MatmulPrecision.with(precision) { try st.encode(texts, batchSize: batchSize) } }
        precondition(warm.shape == [texts.count, st.dimension], "encode returned \(warm.shape)")
        var times: [Double] = [], foreign: [Double] = []
        for _ in 0..<runs {
            let fg = ForeignLoad()
            let (dt, _) = try Measure.time { try MatmulPrecision.with(precision) { try st.encode(texts, batchSize: batchSize) } }
            times.append(dt)
            foreign.append(fg.fraction())
        }
        let med = Measure.median(times)

        // token statistics and FLOPs of the batches encode() forms: every text tokenized first, then sorted by
        // token count, longest first (ties by position), as SentenceTransformer.encode does; and of the batches
        // sentence-transformers forms (sorted by character count), which is what the peer computes
        let (tokS, ids) = Measure.time { texts.map { st.tokenizer.encode($0, maxLength: seq) } }
        let tokenOrder = ids.indices.sorted { ids[$0].count != ids[$1].count ? ids[$0].count > ids[$1].count : $0 < $1 }
        let charOrder = texts.indices.sorted { texts[$0].count != texts[$1].count ? texts[$0].count > texts[$1].count : $0 < $1 }
        let batches = chunks(tokenOrder), charBatches = chunks(charOrder)
        let tokenBatches = batches.map { rows in st.tokenizer.batch(rows.map { ids[$0] }) }
        let charTokenBatches = charBatches.map { rows in st.tokenizer.batch(rows.map { ids[$0] }) }
        let cfg = st.model.config
        func flops(_ bs: [TokenBatch]) -> Double {
            bs.reduce(0.0) { $0 + Self.forwardFLOPs(cfg, length: $1.sequenceLength, sequences: $1.batchSize) }
        }
        func meanPadded(_ bs: [TokenBatch]) -> Double { Double(bs.reduce(0) { $0 + $1.sequenceLength }) / Double(bs.count) }
        let meanTokens = Double(ids.reduce(0) { $0 + $1.count }) / Double(texts.count)

        var fields: [String: Any] = [
            "bench": "encode", "seq": seq, "batch_size": batchSize, "n_sentences": texts.count, "runs": runs,
            "run_times_s": times.map(Measure.r3), "foreign_load": foreign.map(Measure.r3),
            "precision": precision.rawValue, "median_s": Measure.r3(med), "sentences_per_s": Measure.r3(Double(texts.count) / med),
            "warmup_s": Measure.r3(warmS), "model_load_s": Measure.r3(loadS),
            "tokenize_only_s": Measure.r3(tokS), "mean_tokens_per_text": Measure.r3(meanTokens),
            "mean_padded_len": Measure.r3(meanPadded(tokenBatches)), "forward_gflop": Measure.r3(flops(tokenBatches) / 1e9),
            "achieved_gflops": Measure.r3(flops(tokenBatches) / med / 1e9),
            "mean_padded_len_char_sorted": Measure.r3(meanPadded(charTokenBatches)),
            "forward_gflop_char_sorted": Measure.r3(flops(charTokenBatches) / 1e9),
            "rss_after_model_load_mib": Measure.r3(rssModel), "peak_rss_mib": Measure.r3(ProcessMemory.peakResidentMiB),
            "pool_peak_live_mib": Measure.r3(Double(BufferPool.shared.statistics.peakLiveBytes) / 1048576),
            "blas_core": BLAS.coreName, "blas_threads": BLAS.threads, "blas_thread_timeout": BLAS.threadTimeout.value,
        ]
        if let referencePath {
            let reference = try Inputs.reference(referencePath)
            // the warm-up pass's vectors against the peer's (same texts, seq, batching by length)
            var maxAbs: Float = 0, minCos: Float = 1
            let d = st.dimension
            precondition(reference.dim == d && reference.n <= texts.count, "reference shape does not fit")
            for i in 0..<reference.n {
                var dot: Float = 0, na: Float = 0, nb: Float = 0
                for j in 0..<d {
                    let a = warm.data[i * d + j], b = reference.embeddings[i][j]
                    maxAbs = max(maxAbs, abs(a - b)); dot += a * b; na += a * a; nb += b * b
                }
                minCos = min(minCos, dot / max((na * nb).squareRoot(), 1e-12))
            }
            fields["reference_rows"] = reference.n
            fields["reference_max_abs_diff"] = Double(maxAbs)
            fields["reference_min_cosine"] = Double(minCos)
        }
        if breakdown {
            fields["breakdown"] = try self.breakdown(st, ids: ids, batches: batches, tokenBatches: tokenBatches,
                                                     charTokenBatches: charTokenBatches)
        }
        Measure.printJSON(fields)
    }

    /// Rows of `order` in consecutive batches of `batchSize`.
    private func chunks(_ order: [Int]) -> [[Int]] {
        stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, order.count)]) }
    }

    /// One pass in encode()'s order, timing each stage; the forward again on sentence-transformers' batches
    /// (character-count order); then each op of the encoder alone on the same shapes.
    private func breakdown(
        _ st: SentenceTransformer, ids: [[Int32]], batches: [[Int]], tokenBatches: [TokenBatch], charTokenBatches: [TokenBatch]
    ) throws -> [String: Any] {
        var fwd = 0.0, pool = 0.0
        let (tok, _) = Measure.time { texts.map { st.tokenizer.encode($0, maxLength: seq) } }
        try GradMode.withoutGradients {
            for rows in batches {
                let batch = st.tokenizer.batch(rows.map { ids[$0] })
                let (t2, hidden) = try Measure.time { try st.model(batch) }                       // [b, T, H]
                let (t3, v) = Measure.time { st.pooling(hidden, mask: batch.maskTensor).l2Normalized() } // [b, H]
                precondition(v.shape[0] == rows.count)
                fwd += t2; pool += t3
            }
        }
        var fwdCharSorted = 0.0
        try GradMode.withoutGradients {
            for batch in charTokenBatches {
                let (t, _) = try Measure.time { try st.model(batch) }
                fwdCharSorted += t
            }
        }
        // each op of the encoder layers alone, on the same shapes, all layers of all batches (random weights):
        // dense GEMMs without bias, the linear layers (GEMM + bias), attention, GELU, LayerNorm, residual adds;
        // and Q, K, V as three [rows, H]·[H, H] products against one [rows, H]·[H, 3H] (a fusion candidate)
        let cfg = st.model.config
        let h = cfg.hiddenSize, ff = cfg.intermediateSize, layers = cfg.numHiddenLayers
        let wHH = Tensor(shape: [h, h], repeating: 0.01), wUp = Tensor(shape: [ff, h], repeating: 0.01)
        let wDown = Tensor(shape: [h, ff], repeating: 0.01)
        let wQKV = Tensor(shape: [3 * h, h], repeating: 0.01)
        let bH = Tensor(shape: [h], repeating: 0.01), bFF = Tensor(shape: [ff], repeating: 0.01)
        let gamma = Tensor(shape: [h], repeating: 1), beta = Tensor(shape: [h], repeating: 0)
        var op: [String: Double] = [:]
        func timed(_ name: String, _ body: () -> Void) {
            let t0 = Measure.now()
            body()
            op[name, default: 0] += Measure.now() - t0
        }
        GradMode.withoutGradients {
            for b in tokenBatches {
                let rows = b.batchSize * b.sequenceLength
                let x = Tensor(shape: [rows, h], repeating: 0.1), y = Tensor(shape: [rows, ff], repeating: 0.1)
                let q = Tensor(shape: [b.batchSize, b.sequenceLength, h], repeating: 0.1), mask = b.maskTensor
                timed("gemm_no_bias") {
                    for _ in 0..<layers {
                        for _ in 0..<4 { _ = Tensor.matmul(x, wHH, transposeB: true) }   // [rows, H]
                        _ = Tensor.matmul(x, wUp, transposeB: true)                       // [rows, FF]
                        _ = Tensor.matmul(y, wDown, transposeB: true)                     // [rows, H]
                    }
                }
                timed("linear_with_bias") {
                    for _ in 0..<layers {
                        for _ in 0..<4 { _ = Tensor.linear(x, weight: wHH, bias: bH) }
                        _ = Tensor.linear(x, weight: wUp, bias: bFF)
                        _ = Tensor.linear(y, weight: wDown, bias: bH)
                    }
                }
                timed("qkv_as_3_gemms") { for _ in 0..<layers { for _ in 0..<3 { _ = Tensor.matmul(x, wHH, transposeB: true) } } }
                timed("qkv_as_1_fused_gemm") { for _ in 0..<layers { _ = Tensor.matmul(x, wQKV, transposeB: true) } }
                timed("attention") {
                    for _ in 0..<layers { _ = Tensor.attention(q: q, k: q, v: q, keyMask: mask, heads: cfg.numAttentionHeads) }
                }
                timed("gelu") { for _ in 0..<layers { _ = y.gelu() } }
                timed("layer_norm_x2") { for _ in 0..<(2 * layers) { _ = x.layerNorm(gamma: gamma, beta: beta, eps: 1e-12) } }
                timed("residual_add_x2") { for _ in 0..<(2 * layers) { _ = x + x } }
            }
        }
        let gemm = op["gemm_no_bias"]!
        let opsSum = ["linear_with_bias", "attention", "gelu", "layer_norm_x2", "residual_add_x2"].reduce(0) { $0 + op[$1]! }
        let n = Double(tokenBatches.count)
        return [
            "batches": tokenBatches.count,
            "tokenize_ms_total": Measure.r3(tok * 1e3), "forward_ms_total": Measure.r3(fwd * 1e3),
            "pool_normalize_ms_total": Measure.r3(pool * 1e3),
            "forward_ms_per_batch": Measure.r3(fwd * 1e3 / n),
            "dense_gemm_ms_total": Measure.r3(gemm * 1e3),
            "ops_alone_ms_total": op.mapValues { Measure.r3($0 * 1e3) },
            "ops_alone_sum_ms": Measure.r3(opsSum * 1e3),
            "dense_gemm_share_of_forward": Measure.r3(gemm / fwd),
            "forward_ms_total_char_sorted": Measure.r3(fwdCharSorted * 1e3),
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
