/// Linear warm-up from 0 to the peak learning rate, then linear decay to 0 at the last step.
///
/// Mirrors transformers' `get_linear_schedule_with_warmup` driven by `LambdaLR` (`lr = base_lr · λ(step)`,
/// in Double), with the warm-up length of `TrainingArguments.get_warmup_steps`: a whole number of steps, or
/// `math.ceil(total · ratio)` for a ratio (so 7 % of 100 steps is 8 steps: `100 · 0.07 = 7.000000000000001`).
///
/// ```swift
/// let schedule = try LinearSchedule(lr: 2e-5, totalSteps: 1_000, warmup: .ratio(0.1))
/// optimizer.step(grads, lr: schedule.lr(at: step))   // step counts optimizer steps from 0
/// ```
public struct LinearSchedule: Sendable, Equatable {
    /// How long the warm-up lasts.
    public enum Warmup: Sendable, Equatable {
        /// A number of optimizer steps.
        case steps(Int)
        /// A fraction in [0, 1) of the total steps, rounded up.
        case ratio(Double)
    }

    /// The peak learning rate, reached at the end of the warm-up.
    public let peak: Double
    /// Optimizer steps in the whole run.
    public let totalSteps: Int
    /// Warm-up steps, resolved from `Warmup`.
    public let warmupSteps: Int

    /// A schedule over `totalSteps` optimizer steps; throws for a negative or non-finite rate, fewer than one
    /// step, or a warm-up that is negative or a ratio outside [0, 1).
    public init(lr peak: Double, totalSteps: Int, warmup: Warmup = .steps(0)) throws {
        guard peak.isFinite, peak >= 0 else {
            throw OptimizerError.invalidHyperparameter(name: "learning rate", value: peak, expected: "a finite value ≥ 0")
        }
        guard totalSteps >= 1 else {
            throw OptimizerError.invalidHyperparameter(name: "totalSteps", value: Double(totalSteps), expected: "≥ 1")
        }
        switch warmup {
        case .steps(let n):
            guard n >= 0 else {
                throw OptimizerError.invalidHyperparameter(name: "warm-up steps", value: Double(n), expected: "≥ 0")
            }
            warmupSteps = n
        case .ratio(let r):
            guard r >= 0, r < 1 else {
                throw OptimizerError.invalidHyperparameter(name: "warm-up ratio", value: r, expected: "in [0, 1)")
            }
            warmupSteps = Int((Double(totalSteps) * r).rounded(.up))
        }
        self.peak = peak
        self.totalSteps = totalSteps
    }

    /// The multiplier of the peak rate at optimizer step `step` (0-based): `step / warmup` during the
    /// warm-up, then `(total − step) / (total − warmup)`, never below 0.
    public func factor(at step: Int) -> Double {
        if step < warmupSteps { return Double(step) / Double(max(1, warmupSteps)) }
        return max(0.0, Double(totalSteps - step) / Double(max(1, totalSteps - warmupSteps)))
    }

    /// The learning rate used by optimizer step `step` (0-based; the first step's rate is 0 when warming up).
    public func lr(at step: Int) -> Double { peak * factor(at: step) }
}
