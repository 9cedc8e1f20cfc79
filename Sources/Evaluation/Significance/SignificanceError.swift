/// Why a paired comparison could not be made from the scores it was given.
public enum SignificanceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The two score arrays have different lengths, so queries cannot be paired.
    case lengthMismatch(a: Int, b: Int)
    /// There are no scores at all.
    case empty
    /// A score is NaN or infinite; `sample` is `"a"` or `"b"`, `index` its position.
    case nonFinite(sample: String, index: Int, value: Double)
    /// An option is out of range (resample counts must be positive, the confidence level in (0, 1)).
    case invalidOption(name: String, value: String)

    public var description: String {
        switch self {
        case let .lengthMismatch(a, b):
            return "paired comparison needs one score per query in both runs, but A has \(a) and B has \(b)"
        case .empty:
            return "paired comparison needs at least one score, got none"
        case let .nonFinite(sample, index, value):
            return "score \(sample)[\(index)] is \(value); every score must be finite"
        case let .invalidOption(name, value):
            return "invalid option \(name) = \(value)"
        }
    }
}
