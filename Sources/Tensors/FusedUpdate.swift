/// Fused, multi-threaded in-place updates for optimizers: the AdamW step, squared norms, gradient scaling.
///
/// These write into existing tensors' elements (`mutableData`) and record nothing for autodiff; they exist
/// so that `Training`'s optimizer can update 22.7 M parameters with the C kernels (`CKernels/optim.c`)
/// without importing them. Row gradients (`Gradient.rows`) are coalesced first: rows that share an index
/// are summed, in order of appearance, as the dense embedding backward (`index_add_`) would sum them.
public enum FusedUpdate {
    /// The scalars of one AdamW step of one parameter, rounded to Float the way torch applies a Python
    /// float to a float32 tensor (compute them in Double, then convert).
    public struct AdamWScalars: Sendable {
        /// Gradients are multiplied by this first (the clip coefficient; 1 = no clipping).
        public var gradScale: Float
        /// `1 − lr·weight_decay`: the decoupled weight decay factor (1 = none).
        public var decay: Float
        /// `1 − β₁`, the lerp weight of the first moment.
        public var oneMinusBeta1: Float
        /// β₂.
        public var beta2: Float
        /// `1 − β₂`.
        public var oneMinusBeta2: Float
        /// `−lr / (1 − β₁ᵗ)`.
        public var negStepSize: Float
        /// `(1 − β₂ᵗ)^0.5`.
        public var biasCorrection2Sqrt: Float
        /// ε, added to the bias-corrected `√v`.
        public var eps: Float

        public init(gradScale: Float, decay: Float, oneMinusBeta1: Float, beta2: Float, oneMinusBeta2: Float,
                    negStepSize: Float, biasCorrection2Sqrt: Float, eps: Float) {
            self.gradScale = gradScale
            self.decay = decay
            self.oneMinusBeta1 = oneMinusBeta1
            self.beta2 = beta2
            self.oneMinusBeta2 = oneMinusBeta2
            self.negStepSize = negStepSize
            self.biasCorrection2Sqrt = biasCorrection2Sqrt
            self.eps = eps
        }
    }

    /// One AdamW step of `parameter` in place, in torch's operation order (see `wb_adamw`).
    ///
    /// `gradient` nil means a zero gradient (the moments still decay; an optimizer that mirrors torch skips
    /// parameters without a gradient instead of calling this). A row gradient updates every row of the
    /// table, as torch's dense AdamW does: untouched rows see a zero gradient. `expAvg` and `expAvgSq` have
    /// the parameter's element count.
    public static func adamw(
        parameter: Tensor, gradient: Gradient?, expAvg: Tensor, expAvgSq: Tensor, scalars: AdamWScalars
    ) {
        precondition(expAvg.count == parameter.count && expAvgSq.count == parameter.count,
                     "AdamW moments hold \(expAvg.count)/\(expAvgSq.count) elements, parameter \(parameter.shape)")
        let s = Kernels.adamwScalars(
            gradScale: scalars.gradScale, decay: scalars.decay, oneMinusBeta1: scalars.oneMinusBeta1,
            beta2: scalars.beta2, oneMinusBeta2: scalars.oneMinusBeta2, negStepSize: scalars.negStepSize,
            biasCorrection2Sqrt: scalars.biasCorrection2Sqrt, eps: scalars.eps)
        switch gradient {
        case nil:
            Kernels.adamw(parameter, grad: nil, expAvg: expAvg, expAvgSq: expAvgSq, s)
        case .dense(let g):
            precondition(g.count == parameter.count, "gradient \(g.shape) does not match parameter \(parameter.shape)")
            Kernels.adamw(parameter, grad: g, expAvg: expAvg, expAvgSq: expAvgSq, s)
        case .rows(let indices, let values, let shape):
            precondition(shape == parameter.shape && values.count == indices.count * (parameter.shape.last ?? 1),
                         "row gradient of \(shape) with \(values.shape) values does not match parameter \(parameter.shape)")
            let rows = parameter.count / max(parameter.shape.last ?? 1, 1)
            let (_, summed, slot) = Kernels.coalesceRows(indices: checked(indices, rows: rows), values: values, rows: rows)
            Kernels.adamwRows(parameter, expAvg: expAvg, expAvgSq: expAvgSq, slot: slot, summed: summed, s)
        }
    }

    /// One parameter's part of a one-pass AdamW update (``adamw(_:)``): a dense gradient and its moments.
    public struct DenseAdamWUpdate {
        public var parameter: Tensor
        public var gradient: Tensor
        public var expAvg: Tensor
        public var expAvgSq: Tensor
        public var scalars: AdamWScalars

        public init(parameter: Tensor, gradient: Tensor, expAvg: Tensor, expAvgSq: Tensor, scalars: AdamWScalars) {
            precondition(gradient.count == parameter.count && expAvg.count == parameter.count
                         && expAvgSq.count == parameter.count,
                         "AdamW update: gradient \(gradient.shape), moments \(expAvg.count)/\(expAvgSq.count) for \(parameter.shape)")
            (self.parameter, self.gradient, self.expAvg, self.expAvgSq, self.scalars) =
                (parameter, gradient, expAvg, expAvgSq, scalars)
        }
    }

    /// AdamW steps of many parameters with dense gradients in one parallel pass over all their elements (the
    /// concatenation, cut into equal chunks across threads), instead of one pass (and one fork/join) per
    /// parameter: BERT's ~100 small biases and LayerNorm weights cost a thread handoff each otherwise. Each
    /// element gets exactly ``adamw(parameter:gradient:expAvg:expAvgSq:scalars:)``'s update, bit for bit.
    public static func adamw(_ updates: [DenseAdamWUpdate]) {
        let scalars = updates.map {
            Kernels.adamwScalars(
                gradScale: $0.scalars.gradScale, decay: $0.scalars.decay, oneMinusBeta1: $0.scalars.oneMinusBeta1,
                beta2: $0.scalars.beta2, oneMinusBeta2: $0.scalars.oneMinusBeta2, negStepSize: $0.scalars.negStepSize,
                biasCorrection2Sqrt: $0.scalars.biasCorrection2Sqrt, eps: $0.scalars.eps)
        }
        Kernels.adamw(segments: updates.map { ($0.parameter, $0.gradient, $0.expAvg, $0.expAvgSq) }, scalars)
    }

    /// One AdamW step of the rows of `parameter` ([rows, cols]) that `gradient` touches, and of those rows only
    /// (torch.optim.SparseAdam's treatment of a sparse gradient, with AdamW's decoupled decay on the touched
    /// rows): each touched row gets exactly `adamw`'s update with its own moments from `moments`; rows
    /// without a gradient keep their values and moments. A dense gradient touches every row.
    public static func adamwLazyRows(parameter: Tensor, gradient: Gradient, moments: RowMoments, scalars: AdamWScalars) {
        let cols = parameter.shape.last ?? 1, rows = parameter.count / max(cols, 1)
        precondition(moments.cols == cols && moments.slotOfRow.count == rows,
                     "row moments of \(moments.slotOfRow.count) × \(moments.cols) for parameter \(parameter.shape)")
        let (unique, summed): ([Int32], Tensor)
        switch gradient {
        case .dense(let g):
            precondition(g.count == parameter.count, "gradient \(g.shape) does not match parameter \(parameter.shape)")
            (unique, summed) = ((0..<rows).map { Int32($0) }, g)
        case .rows(let indices, let values, let shape):
            precondition(shape == parameter.shape && values.count == indices.count * cols,
                         "row gradient of \(shape) with \(values.shape) values does not match parameter \(parameter.shape)")
            let coalesced = Kernels.coalesceRows(indices: checked(indices, rows: rows), values: values, rows: rows)
            (unique, summed) = (Array(coalesced.unique), coalesced.summed)
        }
        let state = moments.slots(for: unique)
        let s = Kernels.adamwScalars(
            gradScale: scalars.gradScale, decay: scalars.decay, oneMinusBeta1: scalars.oneMinusBeta1,
            beta2: scalars.beta2, oneMinusBeta2: scalars.oneMinusBeta2, negStepSize: scalars.negStepSize,
            biasCorrection2Sqrt: scalars.biasCorrection2Sqrt, eps: scalars.eps)
        moments.withMoments { m, v in
            Kernels.adamwLazyRows(parameter, expAvg: m, expAvgSq: v, unique: unique, state: state, summed: summed, s)
        }
    }

    /// Σ g² over the gradient's dense form (a row gradient's repeated indices are summed first), in Double.
    public static func sumOfSquares(_ gradient: Gradient) -> Double {
        switch gradient {
        case .dense(let g): return Kernels.sumOfSquares(g.data, count: g.count)
        case .rows(let indices, let values, let shape):
            let rows = shape.dropLast().reduce(1, *)
            let (_, summed, _) = Kernels.coalesceRows(indices: checked(indices, rows: rows), values: values, rows: rows)
            return Kernels.sumOfSquares(summed.data, count: summed.count)
        }
    }

    /// Σ x² over a tensor's elements, in Double.
    public static func sumOfSquares(_ x: Tensor) -> Double { Kernels.sumOfSquares(x.data, count: x.count) }

    /// The row gradient with each index once, its rows summed in order of appearance.
    public static func coalesced(_ gradient: Gradient) -> Gradient {
        guard case .rows(let indices, let values, let shape) = gradient else { return gradient }
        let rows = shape.dropLast().reduce(1, *)
        let (unique, summed, _) = Kernels.coalesceRows(indices: checked(indices, rows: rows), values: values, rows: rows)
        return .rows(indices: unique, values: summed, shape: shape)
    }

    /// `a · gradient` as new tensors (a row gradient keeps its indices).
    public static func scaled(_ gradient: Gradient, by a: Float) -> Gradient {
        switch gradient {
        case .dense(let g): return .dense(scaled(g, by: a))
        case .rows(let indices, let values, let shape):
            return .rows(indices: indices, values: scaled(values, by: a), shape: shape)
        }
    }

    /// `a · x` as a new tensor.
    public static func scaled(_ x: Tensor, by a: Float) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        Kernels.scale(out, x, a)
        return out
    }

    /// `y = a · x`, written into `y`'s elements.
    public static func copy(_ x: Tensor, scaledBy a: Float, into y: Tensor) {
        precondition(x.count == y.count, "cannot copy \(x.shape) into \(y.shape)")
        Kernels.scale(y, x, a)
    }

    /// `y += a · x` in place (each product rounded, then added).
    public static func add(_ x: Tensor, scaledBy a: Float, into y: Tensor) {
        precondition(x.count == y.count, "cannot add \(x.shape) into \(y.shape)")
        Kernels.axpy(y, x, a)
    }

    /// `out[i] = blocks[0][i] + blocks[1][i] + … + blocks[n−1][i]`, summed in block order for every element, from
    /// `n` blocks of `length` floats laid one after the other (the ranks' copies of one gradient slice).
    public static func sumInOrder(blocks: UnsafePointer<Float>, count n: Int, length: Int, into out: UnsafeMutablePointer<Float>) {
        precondition(n >= 1, "sumInOrder needs at least one block")
        Kernels.sumBlocks(blocks, count: n, length: length, into: out)
    }

    /// `table[indices[i]] += a · values[i]` in place, rows in order.
    public static func scatterAdd(indices: [Int32], values: Tensor, scaledBy a: Float, into table: Tensor) {
        let cols = table.shape.last ?? 1
        precondition(values.count == indices.count * cols, "\(indices.count) rows of \(cols) do not match values \(values.shape)")
        _ = checked(indices, rows: table.count / max(cols, 1))
        if a == 1 {
            Kernels.scatterAddRows(into: table, ids: indices, values: values)
        } else {
            let scaledValues = Tensor(uninitializedShape: values.shape)
            Kernels.scale(scaledValues, values, a)
            Kernels.scatterAddRows(into: table, ids: indices, values: scaledValues)
        }
    }

    /// The indices, after checking each is a row of a table of `rows` rows.
    private static func checked(_ indices: [Int32], rows: Int) -> [Int32] {
        for i in indices { precondition(i >= 0 && Int(i) < rows, "row index \(i) outside a table of \(rows) rows") }
        return indices
    }
}
