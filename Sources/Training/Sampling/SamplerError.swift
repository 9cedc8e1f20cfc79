/// Why a saved sampler position cannot be restored.
public enum SamplerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The position is negative, or past the end of its epoch (`batches` is how many that epoch has).
    case invalidPosition(SamplerPosition, batches: Int)

    public var description: String {
        switch self {
        case .invalidPosition(let p, let batches):
            return "cannot restore the sampler to \(p): epoch \(p.epoch) has \(batches) batches (is the data set, batch size or seed different from the saved run's?)"
        }
    }
}
