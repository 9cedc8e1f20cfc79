/// Why a plan cannot run, or why training stopped.
public enum TrainerError: Error, CustomStringConvertible, Equatable {
    case nonFiniteLoss(step: Int, value: Double, checkpoint: String?)
    case emptyDataset(String)
    case checkpointMismatch(String)
    /// A term's dataset lacks a column its loss needs, or has one of the wrong kind or width.
    case columnMismatch(term: String, loss: String, dataset: String, detail: String)
    /// An evaluation-only plan (no objective, or zero steps) with nothing to evaluate.
    case nothingToEvaluate
    /// A plan option outside its range (`batchSize` 0, a negative weight …).
    case invalidOption(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let step, let value, let checkpoint):
            "the loss became \(value.isNaN ? "NaN" : "\(value)") at step \(step); stopped. "
                + (checkpoint.map { "The last good checkpoint is \($0)." } ?? "No checkpoint was saved yet.")
                + " Try a lower --lr or check the data."
        case .emptyDataset(let what): "\(what): no training rows"
        case .checkpointMismatch(let why): "the checkpoint does not fit this model: \(why)"
        case .columnMismatch(let term, let loss, let dataset, let detail):
            "term '\(term)': \(loss) cannot train on dataset '\(dataset)': \(detail)"
        case .nothingToEvaluate:
            "the plan only evaluates (no objective or zero steps) but declares no evaluators; add evaluators or training steps"
        case .invalidOption(let name, let value, let expected): "\(name) \(value): expected \(expected)"
        }
    }
}
