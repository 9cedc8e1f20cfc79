import CKernels

/// Swift entry points to the C kernels (`CKernels`), split across threads where the work is large.
enum Kernels {
    enum BinaryOp: Int32 { case add = 0, sub = 1, mul = 2, div = 3 }
    enum UnaryOp: Int32 { case exp = 0, log = 1, sqrt = 2, rsqrt = 3, tanh = 4, gelu = 5, neg = 6 }

    /// Elements per thread chunk below which element-wise work stays on one thread.
    static let elementGrain = 1 << 15

    // MARK: element-wise

    /// `a op b` with NumPy broadcasting; `shape` is the broadcast result shape.
    static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, shape: [Int]) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        if a.shape == b.shape, a.count >= elementGrain {
            Parallel.forRanges(a.count, grain: elementGrain) { lo, hi in
                var one: [Int64] = [Int64(hi - lo)], stride: [Int64] = [1]
                wb_binary(op.rawValue, 1, &one, a.data + lo, &stride, b.data + lo, &stride, out.mutableData + lo)
            }
            return out
        }
        var dims = shape.map(Int64.init)
        var sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
        wb_binary(op.rawValue, Int32(shape.count), &dims, a.data, &sa, b.data, &sb, out.mutableData)
        return out
    }

    /// Sums `g` (of a broadcast result shape) down to `shape`, undoing broadcasting.
    static func sumTo(_ g: Tensor, shape: [Int]) -> Tensor {
        if g.shape == shape { return g }
        let out = Tensor(shape: shape)
        var dims = g.shape.map(Int64.init)
        var so = broadcastStrides(shape, to: g.shape)
        wb_sum_to(Int32(g.rank), &dims, g.data, &so, out.mutableData)
        return out
    }

    /// Element strides of `shape` seen as the broadcast `target` (0 on broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int64] {
        var strides = [Int64](repeating: 0, count: target.count)
        var s: Int64 = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let t = i + target.count - shape.count
            strides[t] = shape[i] == 1 ? 0 : s
            s *= Int64(shape[i])
        }
        return strides
    }

    static func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        Parallel.forRanges(x.count, grain: elementGrain) { lo, hi in
            wb_unary(op.rawValue, x.data + lo, out.mutableData + lo, hi - lo)
        }
        return out
    }

    static func geluBackward(_ x: Tensor, _ gy: Tensor) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        Parallel.forRanges(x.count, grain: elementGrain) { lo, hi in
            wb_gelu_backward(x.data + lo, gy.data + lo, out.mutableData + lo, hi - lo)
        }
        return out
    }

    /// `a · x + b`.
    static func affine(_ x: Tensor, _ a: Float, _ b: Float) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        Parallel.forRanges(x.count, grain: elementGrain) { lo, hi in
            wb_affine(x.data + lo, out.mutableData + lo, hi - lo, a, b)
        }
        return out
    }

    /// `y += x` in place.
    static func accumulate(_ y: Tensor, _ x: Tensor) {
        precondition(y.count == x.count)
        Parallel.forRanges(x.count, grain: elementGrain) { lo, hi in
            wb_accumulate(y.mutableData + lo, x.data + lo, hi - lo)
        }
    }

    static func fastExp(_ x: Float) -> Float { wb_fast_exp(x) }
    static func erf(_ x: Float) -> Float { wb_erf(x) }

    // MARK: row-wise

    /// Rows per chunk so a chunk holds about `elementGrain / 4` elements.
    static func rowGrain(_ cols: Int) -> Int { max(1, (elementGrain / 4) / max(cols, 1)) }

    static func softmaxRows(_ x: Tensor, log: Bool) -> Tensor {
        let cols = x.shape.last ?? 1, rows = x.count / max(cols, 1)
        let out = Tensor(uninitializedShape: x.shape)
        Parallel.forRanges(rows, grain: rowGrain(cols)) { lo, hi in
            if log { wb_log_softmax_rows(x.data, out.mutableData, lo, hi, cols) }
            else { wb_softmax_rows(x.data, out.mutableData, lo, hi, cols) }
        }
        return out
    }

    static func softmaxRowsBackward(_ y: Tensor, _ gy: Tensor, log: Bool) -> Tensor {
        let cols = y.shape.last ?? 1, rows = y.count / max(cols, 1)
        let out = Tensor(uninitializedShape: y.shape)
        Parallel.forRanges(rows, grain: rowGrain(cols)) { lo, hi in
            if log { wb_log_softmax_rows_backward(y.data, gy.data, out.mutableData, lo, hi, cols) }
            else { wb_softmax_rows_backward(y.data, gy.data, out.mutableData, lo, hi, cols) }
        }
        return out
    }

    /// Layer norm over the last axis; returns the output with per-row mean and 1/std.
    static func layerNorm(_ x: Tensor, gamma: Tensor, beta: Tensor, eps: Float) -> (Tensor, Tensor, Tensor) {
        let cols = x.shape.last ?? 1, rows = x.count / max(cols, 1)
        let out = Tensor(uninitializedShape: x.shape)
        let mean = Tensor(uninitializedShape: [rows]), rstd = Tensor(uninitializedShape: [rows])
        Parallel.forRanges(rows, grain: rowGrain(cols)) { lo, hi in
            wb_layer_norm(x.data, gamma.data, beta.data, out.mutableData, mean.mutableData, rstd.mutableData,
                          lo, hi, cols, eps)
        }
        return (out, mean, rstd)
    }

    /// s = a + r and layer norm of s, one row at a time while s is in cache: (s, y, mean, rstd).
    static func addLayerNorm(_ a: Tensor, _ r: Tensor, gamma: Tensor, beta: Tensor,
                             eps: Float) -> (Tensor, Tensor, Tensor, Tensor) {
        let cols = a.shape.last ?? 1, rows = a.count / max(cols, 1)
        let sum = Tensor(uninitializedShape: a.shape), out = Tensor(uninitializedShape: a.shape)
        let mean = Tensor(uninitializedShape: [rows]), rstd = Tensor(uninitializedShape: [rows])
        Parallel.forRanges(rows, grain: rowGrain(cols)) { lo, hi in
            wb_add_layer_norm(a.data, r.data, sum.mutableData, gamma.data, beta.data, out.mutableData, mean.mutableData,
                              rstd.mutableData, lo, hi, cols, eps)
        }
        return (sum, out, mean, rstd)
    }

    /// Gradients of layer norm with respect to x, gamma and beta.
    static func layerNormBackward(
        _ x: Tensor, gamma: Tensor, mean: Tensor, rstd: Tensor, gy: Tensor
    ) -> (Tensor, Tensor, Tensor) {
        let cols = x.shape.last ?? 1, rows = x.count / max(cols, 1)
        let gx = Tensor(uninitializedShape: x.shape)
        let chunks = min(Parallel.width, max(1, rows / rowGrain(cols)))
        // each chunk sums its own dgamma/dbeta partials; they are added up after
        let partial = Tensor(shape: [chunks, 2, cols])
        let box = UncheckedSendable(partial.mutableData)
        Parallel.forRanges(chunks, grain: 1) { clo, chi in
            for c in clo..<chi {
                let lo = rows * c / chunks, hi = rows * (c + 1) / chunks
                let dg = box.value + c * 2 * cols
                wb_layer_norm_backward(x.data, gamma.data, mean.data, rstd.data, gy.data, gx.mutableData,
                                       dg, dg + cols, lo, hi, cols)
            }
        }
        let dgamma = Tensor(shape: [cols]), dbeta = Tensor(shape: [cols])
        for c in 0..<chunks {
            wb_accumulate(dgamma.mutableData, partial.data + c * 2 * cols, cols)
            wb_accumulate(dbeta.mutableData, partial.data + c * 2 * cols + cols, cols)
        }
        return (gx, dgamma, dbeta)
    }

    static func l2NormalizeRows(_ x: Tensor, eps: Float) -> (Tensor, Tensor) {
        let cols = x.shape.last ?? 1, rows = x.count / max(cols, 1)
        let out = Tensor(uninitializedShape: x.shape), norms = Tensor(uninitializedShape: [rows])
        Parallel.forRanges(rows, grain: rowGrain(cols)) { lo, hi in
            wb_l2_normalize_rows(x.data, out.mutableData, norms.mutableData, lo, hi, cols, eps)
        }
        return (out, norms)
    }

    static func l2NormalizeRowsBackward(_ y: Tensor, norms: Tensor, gy: Tensor, eps: Float) -> Tensor {
        let cols = y.shape.last ?? 1, rows = y.count / max(cols, 1)
        let gx = Tensor(uninitializedShape: y.shape)
        Parallel.forRanges(rows, grain: rowGrain(cols)) { lo, hi in
            wb_l2_normalize_rows_backward(y.data, norms.data, gy.data, gx.mutableData, lo, hi, cols, eps)
        }
        return gx
    }

    /// A [rows, cols] tensor whose every row is `bias`.
    static func broadcastRows(_ bias: Tensor, rows: Int) -> Tensor {
        let out = Tensor(uninitializedShape: [rows, bias.count])
        wb_broadcast_rows(bias.data, out.mutableData, rows, bias.count)
        return out
    }

    /// Column sums of a [rows, cols] view of `x`.
    static func sumRows(_ x: Tensor, cols: Int) -> Tensor {
        let out = Tensor(shape: [cols])
        wb_sum_rows(x.data, out.mutableData, x.count / cols, cols)
        return out
    }

    // MARK: reductions

    static func reduceSum(_ x: Tensor, outer: Int, n: Int, inner: Int, shape: [Int]) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        wb_reduce_sum(x.data, out.mutableData, outer, n, inner)
        return out
    }

    static func reduceMax(_ x: Tensor, outer: Int, n: Int, inner: Int, shape: [Int]) -> (Tensor, [Int32]) {
        let out = Tensor(uninitializedShape: shape)
        var argmax = [Int32](repeating: 0, count: outer * inner)
        wb_reduce_max(x.data, out.mutableData, &argmax, outer, n, inner)
        return (out, argmax)
    }

    // MARK: layout

    static func permute(_ x: Tensor, _ perm: [Int]) -> Tensor {
        let out = Tensor(uninitializedShape: perm.map { x.shape[$0] })
        var dims = x.shape.map(Int64.init)
        var p = perm.map(Int32.init)
        wb_permute(Int32(x.rank), &dims, &p, x.data, out.mutableData)
        return out
    }

    static func gatherRows(_ table: Tensor, ids: [Int32]) -> Tensor {
        let cols = table.shape.last ?? 1
        let out = Tensor(uninitializedShape: [ids.count, cols])
        wb_gather_rows(table.data, ids, ids.count, cols, out.mutableData)
        return out
    }

    static func scatterAddRows(into table: Tensor, ids: [Int32], values: Tensor) {
        let cols = table.shape.last ?? 1
        wb_scatter_add_rows(table.mutableData, ids, ids.count, cols, values.data)
    }

    // MARK: dropout

    static func uniform(seed: UInt64, index: UInt64) -> Float { wb_uniform(seed, index) }

    static func dropout(_ x: Tensor, p: Float, seed: UInt64) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        Parallel.forRanges(x.count, grain: elementGrain) { lo, hi in
            wb_dropout(x.data + lo, out.mutableData + lo, hi - lo, p, seed, UInt64(lo))
        }
        return out
    }

    // MARK: attention

    /// Scaled dot-product attention of the sequences of `packing` in q, k, v [ΣT, H·D], with an optional key mask
    /// [B, T] (padded layout) and score bias [H, T, T]; returns output [ΣT, H·D] and probabilities [Σ_b H·T_b²].
    static func attention(
        q: Tensor, k: Tensor, v: Tensor, packing: SequencePacking, keyMask: Tensor?, bias: Tensor?, heads: Int,
        scale: Float, dropout p: Float, seed: UInt64
    ) -> (Tensor, Tensor) {
        let (t, hd) = (packing.maxLength, q.shape[1])
        let d = hd / heads
        let layout = AttentionLayout(packing, heads: heads)
        let out = Tensor(uninitializedShape: q.shape)                        // [ΣT, H·D]
        let probs = Tensor(uninitializedShape: [layout.probabilities])      // [Σ_b H·T_b²]
        let maskData = keyMask.map { UncheckedSendable($0.data) }, biasData = bias.map { UncheckedSendable($0.data) }
        layout.withPointers { start, len, pstart in
            Parallel.forRanges(packing.batchSize * heads, grain: 1) { lo, hi in
                var scratch = [Float](repeating: 0, count: (d + 1) * t + 16 * d)
                scratch.withUnsafeMutableBufferPointer { s in
                    wb_attention_forward(q.data, k.data, v.data, maskData?.value, biasData?.value, probs.mutableData,
                                         out.mutableData, start.value, len.value, pstart.value, lo, hi, t, heads, d,
                                         scale, p, seed, s.baseAddress!)
                }
            }
        }
        return (out, probs)
    }

    /// The gradients of `attention` w.r.t. q, k, v [ΣT, H·D], and w.r.t. the bias [H, T, T] (summed over the
    /// sequences) when `biasGradient` is set.
    static func attentionBackward(
        q: Tensor, k: Tensor, v: Tensor, probs: Tensor, gout: Tensor, packing: SequencePacking, heads: Int, scale: Float,
        dropout p: Float, seed: UInt64, biasGradient: Bool = false
    ) -> (Tensor, Tensor, Tensor, Tensor?) {
        let (b, t, hd) = (packing.batchSize, packing.maxLength, q.shape[1])
        let d = hd / heads
        let layout = AttentionLayout(packing, heads: heads)
        let gq = Tensor(shape: q.shape), gk = Tensor(shape: k.shape), gv = Tensor(shape: v.shape) // [ΣT, H·D]
        let gscores = biasGradient ? Tensor(shape: [b, heads, t, t]) : nil                        // [B, H, T, T]
        let gscoresData = gscores.map { UncheckedSendable($0.mutableData) }
        layout.withPointers { start, len, pstart in
            Parallel.forRanges(b * heads, grain: 1) { lo, hi in
                var scratch = [Float](repeating: 0, count: (d + 4) * t + 16 * d)
                scratch.withUnsafeMutableBufferPointer { s in
                    wb_attention_backward(q.data, k.data, v.data, probs.data, gout.data, gq.mutableData, gk.mutableData,
                                          gv.mutableData, gscoresData?.value, start.value, len.value, pstart.value, lo, hi,
                                          t, heads, d, scale, p, seed, s.baseAddress!)
                }
            }
        }
        let gbias = gscores.map { sumTo($0, shape: [heads, t, t]) }                               // [H, T, T]
        return (gq, gk, gv, gbias)
    }
}

// MARK: - optimizer kernels (CKernels/optim.c, reached through FusedUpdate)

extension Kernels {
    /// AdamW's per-step scalars, rounded to Float as torch rounds a Python scalar applied to a float32 tensor.
    static func adamwScalars(
        gradScale: Float, decay: Float, oneMinusBeta1: Float, beta2: Float, oneMinusBeta2: Float,
        negStepSize: Float, biasCorrection2Sqrt: Float, eps: Float
    ) -> wb_adamw_scalars {
        wb_adamw_scalars(grad_scale: gradScale, decay: decay, one_minus_beta1: oneMinusBeta1, beta2: beta2,
                         one_minus_beta2: oneMinusBeta2, neg_step_size: negStepSize,
                         bias_correction2_sqrt: biasCorrection2Sqrt, eps: eps)
    }

    /// One AdamW step of `param` in place; `grad` nil is a zero gradient.
    static func adamw(_ param: Tensor, grad: Tensor?, expAvg: Tensor, expAvgSq: Tensor, _ s: wb_adamw_scalars) {
        var s = s
        let g = grad.map { UncheckedSendable($0.data) }
        withUnsafePointer(to: &s) { sp in
            let box = UncheckedSendable(sp)
            Parallel.forRanges(param.count, grain: elementGrain) { lo, hi in
                wb_adamw(param.mutableData + lo, g.map { $0.value + lo }, expAvg.mutableData + lo,
                         expAvgSq.mutableData + lo, hi - lo, box.value)
            }
        }
    }

    /// One AdamW step of every segment (parameter, gradient, moments) with its own scalars, in one parallel pass
    /// over the concatenated elements: each chunk walks the segments it overlaps.
    static func adamw(segments: [(Tensor, Tensor, Tensor, Tensor)], _ scalars: [wb_adamw_scalars]) {
        var ends = [Int](), total = 0                                                  // [segments]: running counts
        for (p, _, _, _) in segments { total += p.count; ends.append(total) }
        scalars.withUnsafeBufferPointer { sp in
            let box = UncheckedSendable((segments, ends, sp.baseAddress!))
            Parallel.forRanges(total, grain: elementGrain) { lo, hi in
                let (segments, ends, sp) = box.value
                var i = ends.firstIndex { $0 > lo } ?? segments.count
                var at = lo
                while at < hi && i < segments.count {
                    let start = ends[i] - segments[i].0.count, end = min(hi, ends[i])
                    let (p, g, m, v) = segments[i]
                    let o = at - start
                    wb_adamw(p.mutableData + o, g.data + o, m.mutableData + o, v.mutableData + o, end - at, sp + i)
                    at = end
                    i += 1
                }
            }
        }
    }

    /// One AdamW step of a [rows, cols] table whose gradient is `summed[slot[r]]` for touched rows, zero elsewhere.
    static func adamwRows(
        _ param: Tensor, expAvg: Tensor, expAvgSq: Tensor, slot: [Int32], summed: Tensor, _ s: wb_adamw_scalars
    ) {
        let cols = param.shape.last ?? 1, rows = param.count / max(cols, 1)
        var s = s
        withUnsafePointer(to: &s) { sp in
            slot.withUnsafeBufferPointer { slotBuffer in
                let box = UncheckedSendable((sp, slotBuffer.baseAddress!))
                Parallel.forRanges(rows, grain: rowGrain(cols)) { lo, hi in
                    wb_adamw_rows(param.mutableData, expAvg.mutableData, expAvgSq.mutableData, lo, hi, cols,
                                  box.value.1, summed.data, box.value.0)
                }
            }
        }
    }

    /// One AdamW step of the listed rows of a [rows, cols] table only: row `unique[i]` takes gradient row i of
    /// `summed` and keeps its moments in row `state[i]` of `expAvg` / `expAvgSq`.
    static func adamwLazyRows(
        _ param: Tensor, expAvg: UnsafeMutablePointer<Float>, expAvgSq: UnsafeMutablePointer<Float>, unique: [Int32],
        state: [Int32], summed: Tensor, _ s: wb_adamw_scalars
    ) {
        let cols = param.shape.last ?? 1
        var s = s
        withUnsafePointer(to: &s) { sp in
            unique.withUnsafeBufferPointer { u in
                state.withUnsafeBufferPointer { st in
                    let box = UncheckedSendable((sp, u.baseAddress!, st.baseAddress!, expAvg, expAvgSq))
                    Parallel.forRanges(unique.count, grain: rowGrain(cols)) { lo, hi in
                        let (sp, u, st, m, v) = box.value
                        wb_adamw_lazy_rows(param.mutableData, m, v, lo, hi, cols, u, st, summed.data, sp)
                    }
                }
            }
        }
    }

    /// Σ x² in double, over up to `Parallel.width` chunks added in order.
    static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
        let chunks = min(Parallel.width, max(1, count / elementGrain))
        var partial = [Double](repeating: 0, count: chunks)
        partial.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer.baseAddress!), xs = UncheckedSendable(x)
            Parallel.forRanges(chunks, grain: 1) { clo, chi in
                for c in clo..<chi {
                    let lo = count * c / chunks, hi = count * (c + 1) / chunks
                    out.value[c] = wb_sum_squares(xs.value + lo, hi - lo)
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// Sums rows sharing an index (order of first appearance): the distinct indices, their rows, and the
    /// table-row → position map (-1 where untouched).
    static func coalesceRows(indices: [Int32], values: Tensor, rows: Int) -> (unique: [Int32], summed: Tensor, slot: [Int32]) {
        let cols = values.shape.last ?? 1
        var slot = [Int32](repeating: -1, count: rows)
        var unique = [Int32](repeating: 0, count: indices.count)
        let summed = Tensor(uninitializedShape: [indices.count, cols])
        let u = wb_coalesce_rows(indices, indices.count, values.data, cols, &slot, &unique, summed.mutableData)
        unique.removeLast(indices.count - u)
        let trimmed = Tensor(uninitializedShape: [u, cols])
        trimmed.mutableData.update(from: summed.data, count: u * cols)
        return (unique, trimmed, slot)
    }

    /// `y = a · x` in place of y's elements.
    static func scale(_ y: Tensor, _ x: Tensor, _ a: Float) {
        precondition(y.count == x.count)
        Parallel.forRanges(x.count, grain: elementGrain) { lo, hi in
            wb_scale(y.mutableData + lo, x.data + lo, hi - lo, a)
        }
    }

    /// out = Σ_b blocks[b] over `n` consecutive blocks of `length`, in block order per element.
    static func sumBlocks(_ blocks: UnsafePointer<Float>, count n: Int, length: Int, into out: UnsafeMutablePointer<Float>) {
        let source = UncheckedSendable(blocks), target = UncheckedSendable(out)
        Parallel.forRanges(length, grain: elementGrain) { lo, hi in
            (target.value + lo).update(from: source.value + lo, count: hi - lo)
            for b in 1..<n { wb_accumulate(target.value + lo, source.value + b * length + lo, hi - lo) }
        }
    }

    /// `y += a · x` in place.
    static func axpy(_ y: Tensor, _ x: Tensor, _ a: Float) {
        precondition(y.count == x.count)
        Parallel.forRanges(x.count, grain: elementGrain) { lo, hi in
            wb_axpy(y.mutableData + lo, x.data + lo, hi - lo, a)
        }
    }

    // MARK: bf16 matrix products

    static var bf16Supported: Bool { wb_bf16_supported() != 0 }

    /// W (n × k, element (j, kk) at `w[j * rowStride + kk * colStride]`) as bf16 panels for `gemmBF16`, panels
    /// split across threads. A Linear weight [Out, In] is (rowStride In, colStride 1); its transpose (1, In).
    static func packBF16(_ w: UnsafePointer<Float>, n: Int, k: Int, rowStride: Int, colStride: Int,
                         portable: Bool = false) -> [UInt16] {
        let panels = (n + 31) / 32
        return [UInt16](unsafeUninitializedCapacity: wb_bf16_packed_size(Int32(n), Int32(k))) { buffer, count in
            let out = UncheckedSendable(buffer.baseAddress!), ws = UncheckedSendable(w)
            Parallel.forRanges(panels, grain: max(1, 16_384 / max(k, 1))) { lo, hi in
                wb_bf16_pack(ws.value, rowStride, colStride, Int32(n), Int32(k), Int32(lo), Int32(hi), out.value,
                             portable ? 1 : 0)
            }
            count = buffer.count
        }
    }

    /// A Linear weight [Out, In] (or, `transposed`, its transpose [In, Out]) as bf16 panels for `gemmBF16`.
    static func packBF16(_ weight: Tensor, transposed: Bool = false, portable: Bool = false) -> [UInt16] {
        let (outF, inF) = (weight.shape[0], weight.shape[1])
        return transposed
            ? packBF16(weight.data, n: inF, k: outF, rowStride: 1, colStride: inF, portable: portable)
            : packBF16(weight.data, n: outF, k: inF, rowStride: inF, colStride: 1, portable: portable)
    }

    /// What `gemmBF16` applies to each block of finished rows while it is in cache (`WB_EPILOGUE_*`).
    enum GEMMEpilogue {
        case none
        /// `aux = gelu(c)`; c keeps the pre-activation.
        case gelu(into: UnsafeMutablePointer<Float>)
        /// `c = c · gelu'(z)`: c becomes the gradient of the pre-activation z.
        case geluGrad(preActivation: UnsafePointer<Float>)

        var code: Int32 {
            switch self {
            case .none: Int32(WB_EPILOGUE_NONE)
            case .gelu: Int32(WB_EPILOGUE_GELU)
            case .geluGrad: Int32(WB_EPILOGUE_GELU_GRAD)
            }
        }
        var aux: UnsafeMutablePointer<Float>? {
            switch self {
            case .none: nil
            case .gelu(let y): y
            case .geluGrad(let z): UnsafeMutablePointer(mutating: z)    // read only (WB_EPILOGUE_GELU_GRAD)
            }
        }
    }

    /// c [m, n] (+)= A [m, k] · Wᵀ (+ bias [n]) in bf16 products with fp32 sums, W packed by `packBF16`, A's
    /// element (i, kk) at `a[i * rowStride + kk * colStride]` (rounded to bf16 as it is packed), then `epilogue`
    /// on each finished block of rows; 8-row blocks split across threads. A bias is added where `accumulate`
    /// would add c, so it is bit-identical to c preset to the bias.
    static func gemmBF16(_ a: UnsafePointer<Float>, rowStride: Int, colStride: Int, m: Int, k: Int, packed: [UInt16],
                         n: Int, into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
                         bias: UnsafePointer<Float>? = nil, epilogue: GEMMEpilogue = .none, portable: Bool = false) {
        let cs = UncheckedSendable(c), as_ = UncheckedSendable(a)
        let extra = UncheckedSendable((bias, epilogue.code, epilogue.aux))
        packed.withUnsafeBufferPointer { p in
            let pp = UncheckedSendable(p.baseAddress!)
            // whole 8-row blocks; ~1 MFLOP per task at least
            Parallel.forRanges((m + 7) / 8, grain: max(1, 65_536 / max(n * k / 8, 1))) { lo, hi in
                let (bias, epilogue, aux) = extra.value
                wb_gemm_bf16(as_.value, rowStride, colStride, Int32(lo * 8), Int32(min(m, hi * 8)), Int32(m), pp.value,
                             Int32(n), Int32(k), cs.value, Int32(ldc), accumulate ? 1 : 0, bias, epilogue, aux,
                             portable ? 1 : 0)
            }
        }
    }
}
