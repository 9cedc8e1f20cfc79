import Tensors

/// Gradient clipping by global L2 norm, as `torch.nn.utils.clip_grad_norm_` (transformers' `max_grad_norm`).
///
/// The norm is torch's: each gradient's own norm (in Float; a row gradient's repeated indices are summed
/// first, so it is the norm of the densified gradient), then the norm of those norms. The clip coefficient
/// is `maxNorm / (norm + 1e-6)` in Float, applied only when below 1. Rather than rewriting the gradients,
/// the coefficient is handed to `AdamW.step(_:lr:gradScale:)`, which multiplies each gradient by it inside
/// the fused update, exactly as torch's `grad.mul_(clip_coef)` would before the step.
///
/// ```swift
/// let grads = optimizer.aligned(loss.backward())
/// let clip = GradientClipping(maxNorm: 1).clip(grads)       // clip.norm is logged as grad_norm
/// optimizer.step(grads, lr: schedule.lr(at: step), gradScale: clip.scale)
/// ```
public struct GradientClipping: Sendable, Equatable {
    /// The largest global norm let through unscaled.
    public var maxNorm: Float

    public init(maxNorm: Float = 1.0) { self.maxNorm = maxNorm }

    /// The pre-clip global norm and the factor to multiply every gradient by (1 when within `maxNorm`;
    /// NaN propagates, as in torch with `error_if_nonfinite=False`).
    public func clip(_ gradients: [Gradient?]) -> (norm: Float, scale: Float) {
        let norm = Self.globalNorm(gradients)
        let coefficient = maxNorm / (norm + Float(1e-6))
        return (norm, coefficient.isNaN ? coefficient : min(coefficient, 1))
    }

    /// The global L2 norm of the gradients present (nil entries take no part).
    ///
    /// Each gradient's sum of squares is accumulated in Double and its norm rounded to Float (torch: a
    /// float32 `vector_norm`); the norm of those norms is then taken in Float, as torch takes it of the
    /// stacked float32 norms. Agrees with torch to about 1 ulp (torch's own reduction order differs).
    public static func globalNorm(_ gradients: [Gradient?]) -> Float {
        var total: Float = 0
        for case let g? in gradients {
            let norm = Float(FusedUpdate.sumOfSquares(g).squareRoot())
            total = total + norm * norm
        }
        return total.squareRoot()
    }
}
