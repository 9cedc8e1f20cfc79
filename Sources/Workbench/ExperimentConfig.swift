/// The typed configuration at the top of an experiment: every stored property, with its default, is a
/// command-line flag (`batchSize` → `--batch-size`), and a comma list sweeps it.
///
/// ```swift
/// struct Config: ExperimentConfig {
///     var model = "models/all-MiniLM-L6-v2"
///     var temperature = 0.05
///     var alpha = 0.5
///     var epochs = 1, batchSize = 32, lr = 2e-5, seed: UInt64 = 42
/// }
/// ```
/// Supported field types: `Int`, `Double`, `Float`, `UInt64`, `Bool`, `String`, and arrays of numbers or
/// strings (an array flag takes one comma list as its value and cannot be swept), and optionals of these
/// (`var maxSteps: Int? = nil`): `none` on the command line sets nil, and a nil field is left out of the manifest.
///
/// Fields named like a `TrainingPlan` option (`model`, `epochs`, `maxSteps`, `batchSize`, `lr`, `warmupRatio`,
/// `weightDecay`, `maxGradNorm`, `gradientAccumulation`, `seed`, `maxSeqLength`, `evaluateEvery`, …) are applied
/// to the plan by the runner (`TrainingPlan.apply`); the experiment uses the others in its "what".
public protocol ExperimentConfig: Codable, Sendable {
    init()
}
