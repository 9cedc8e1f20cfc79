import Foundation
import Tensors

/// Adam with decoupled weight decay, matching `torch.optim.AdamW` (CPU, single-tensor path) step for step.
///
/// Parameters are split into groups as transformers' `Trainer.create_optimizer` splits them: weight decay
/// on most weights, none on biases and normalisation weights (`AdamW.decaysWeight(_:)`). For each parameter
/// with a gradient, one step is, with t its own step count:
///
///     p ← p · (1 − lr·wd)                      (decoupled decay; wd = 0 in the no-decay group)
///     m ← lerp(m, g, 1 − β₁)                   v ← v·β₂ + (1 − β₂)·g²
///     p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// with torch's roundings (scalars computed in Double, applied in Float). A parameter whose gradient is nil
/// is skipped entirely, as torch skips `grad is None`: no decay, no moment decay, its step count stays.
///
/// Row gradients (an embedding table's `Gradient.rows`) update the whole table, exactly as torch's dense
/// AdamW does with the dense embedding gradient: every row's moments decay and every row is weight-decayed
/// and moved by its momentum. Repeated indices are summed first; rows without a gradient take the zero-
/// gradient path of the same kernel (bit-identical to a dense zero row), so no table-sized gradient buffer is
/// made. The cost is that of a dense update of the table (all-MiniLM-L6-v2: 11.7 M of its 22.7 M parameters)
/// plus O(touched rows · D) to coalesce the rows.
///
/// Parameters named in `lazyRows` (a large vocabulary's word embeddings) are updated lazily instead: only the
/// rows with a gradient this step move, each by the same formula with moments kept for rows that have had a
/// gradient (`RowMoments`), as `torch.optim.SparseAdam` treats a sparse gradient (plus AdamW's decoupled decay
/// on those rows). For multilingual-e5-small's 250 002 × 384 table this avoids 768 MB of moments and a pass
/// over 96 M elements per step; rows of tokens the training data never contains are left exactly as
/// pretrained.
///
/// The update runs in the C kernel `wb_adamw` (AVX-512 / AVX2): every parameter with a dense gradient in one
/// pass over all their elements split over `Parallel.width` threads (`FusedUpdate.adamw(_:)`), row gradients
/// each on their own.
/// State (moments and step counts) round-trips through `state()` / `restore(_:)` for bit-identical resume.
public final class AdamW {
    /// The parameters, in the order gradients arrays are aligned to.
    public let parameters: [(name: String, tensor: Tensor)]
    /// Decoupled weight decay of the decay group (the no-decay group uses 0).
    public let weightDecay: Double
    /// Exponential decay rates of the first and second moments.
    public let beta1: Double, beta2: Double
    /// Added to the bias-corrected √v.
    public let eps: Double
    /// Whether parameter i is in the weight-decay group.
    public let decays: [Bool]
    /// Whether parameter i is updated lazily, row by row (see the type's documentation).
    public let lazy: [Bool]

    /// First and second moments, created (as zeros) at a parameter's first gradient, like torch's lazy state.
    var expAvg: [Tensor?]
    var expAvgSq: [Tensor?]
    /// Moments of the lazily updated parameters, by row.
    var rowMoments: [RowMoments?]
    /// Steps taken by each parameter (torch's per-parameter `state['step']`).
    public internal(set) var stepCounts: [Int]

    /// An optimizer over named parameters (updated in place).
    ///
    /// Defaults are transformers' `TrainingArguments` (β₁ 0.9, β₂ 0.999, ε 1e-8) with weight decay 0.01
    /// (sentence-transformers' old `fit` default; `TrainingArguments` defaults to 0). `decays` decides the
    /// group of each name; the default is `AdamW.decaysWeight(_:)`. `lazyRows` names the [rows, cols] tables
    /// updated row by row. Throws for hyperparameters torch rejects, for repeated names, and for a lazy name
    /// that is not a matrix parameter.
    public init(
        parameters: [(String, Tensor)], weightDecay: Double = 0.01, betas: (Double, Double) = (0.9, 0.999),
        eps: Double = 1e-8, decays: (String) -> Bool = AdamW.decaysWeight, lazyRows: Set<String> = []
    ) throws {
        func check(_ name: String, _ value: Double, _ ok: Bool, _ expected: String) throws {
            guard ok, value.isFinite else {
                throw OptimizerError.invalidHyperparameter(name: name, value: value, expected: expected)
            }
        }
        try check("eps", eps, eps >= 0, "≥ 0")
        try check("beta1", betas.0, betas.0 >= 0 && betas.0 < 1, "in [0, 1)")
        try check("beta2", betas.1, betas.1 >= 0 && betas.1 < 1, "in [0, 1)")
        try check("weight decay", weightDecay, weightDecay >= 0, "≥ 0")
        var seen = Set<String>()
        for (name, _) in parameters where !seen.insert(name).inserted {
            throw OptimizerError.duplicateParameterName(name)
        }
        self.parameters = parameters.map { (name: $0.0, tensor: $0.1) }
        self.weightDecay = weightDecay
        (beta1, beta2) = betas
        self.eps = eps
        self.decays = parameters.map { decays($0.0) }
        for name in lazyRows.sorted() where !parameters.contains(where: { $0.0 == name && $0.1.rank == 2 }) {
            throw OptimizerError.invalidLazyRows(name)
        }
        lazy = parameters.map { lazyRows.contains($0.0) }
        rowMoments = parameters.map { lazyRows.contains($0.0) ? RowMoments(rows: $0.1.shape[0], cols: $0.1.shape[1]) : nil }
        expAvg = Array(repeating: nil, count: parameters.count)
        expAvgSq = Array(repeating: nil, count: parameters.count)
        stepCounts = Array(repeating: 0, count: parameters.count)
    }

    /// The names in the weight-decay group, in parameter order.
    public var decayedParameterNames: [String] { zip(parameters, decays).filter(\.1).map(\.0.name) }

    /// The gradient of each parameter in `gradients` (nil where it took no part), in parameter order.
    public func aligned(_ gradients: Gradients) -> [Gradient?] {
        parameters.map { gradients.gradient(of: $0.tensor) }
    }

    /// One step with the gradients of a backward pass; `gradScale` multiplies every gradient first (the
    /// clip coefficient of `GradientClipping`, fused into the update).
    public func step(_ gradients: Gradients, lr: Double, gradScale: Float = 1) {
        step(aligned(gradients), lr: lr, gradScale: gradScale)
    }

    /// One step with a Float learning rate.
    public func step(_ gradients: Gradients, lr: Float, gradScale: Float = 1) {
        step(aligned(gradients), lr: Double(lr), gradScale: gradScale)
    }

    /// One step with gradients aligned to `parameters` (nil: skipped, as torch skips `grad is None`).
    public func step(_ gradients: [Gradient?], lr: Double, gradScale: Float = 1) {
        precondition(gradients.count == parameters.count,
                     "AdamW.step got \(gradients.count) gradients for \(parameters.count) parameters")
        precondition(lr.isFinite && lr >= 0, "AdamW.step: learning rate \(lr) is not a finite value ≥ 0")
        var dense: [FusedUpdate.DenseAdamWUpdate] = []                              // updated together below
        for (i, gradient) in gradients.enumerated() {
            guard let gradient else { continue }
            let p = parameters[i].tensor
            if !lazy[i] && expAvg[i] == nil {
                expAvg[i] = Tensor(shape: p.shape)
                expAvgSq[i] = Tensor(shape: p.shape)
            }
            stepCounts[i] += 1
            // torch: step is a float32 tensor read with .item(); scalars are Python floats (Double)
            let t = Double(Float(stepCounts[i]))
            let biasCorrection1 = 1 - pow(beta1, t)
            let biasCorrection2 = 1 - pow(beta2, t)
            let stepSize = lr / biasCorrection1
            let wd = decays[i] ? weightDecay : 0
            let scalars = FusedUpdate.AdamWScalars(
                gradScale: gradScale, decay: wd != 0 ? Float(1 - lr * wd) : 1, oneMinusBeta1: Float(1 - beta1),
                beta2: Float(beta2), oneMinusBeta2: Float(1 - beta2), negStepSize: Float(-stepSize),
                biasCorrection2Sqrt: Float(pow(biasCorrection2, 0.5)), eps: Float(eps))
            if let moments = rowMoments[i] {
                FusedUpdate.adamwLazyRows(parameter: p, gradient: gradient, moments: moments, scalars: scalars)
            } else if case .dense(let g) = gradient {
                dense.append(.init(parameter: p, gradient: g, expAvg: expAvg[i]!, expAvgSq: expAvgSq[i]!, scalars: scalars))
            } else {
                FusedUpdate.adamw(parameter: p, gradient: gradient, expAvg: expAvg[i]!, expAvgSq: expAvgSq[i]!,
                                  scalars: scalars)
            }
        }
        FusedUpdate.adamw(dense)
    }
}
