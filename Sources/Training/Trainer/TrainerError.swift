/// Why training stopped.
public enum TrainerError: Error, CustomStringConvertible {
    case nonFiniteLoss(step: Int, value: Double, checkpoint: String?)
    case emptyDataset(String)
    case checkpointMismatch(String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let step, let value, let checkpoint):
            "the loss became \(value.isNaN ? "NaN" : "\(value)") at step \(step); stopped. "
                + (checkpoint.map { "The last good checkpoint is \($0)." } ?? "No checkpoint was saved yet.")
                + " Try a lower --lr or check the data."
        case .emptyDataset(let what): "\(what): no training rows"
        case .checkpointMismatch(let why): "the checkpoint does not fit this model: \(why)"
        }
    }
}
