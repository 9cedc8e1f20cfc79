/// A two-sided confidence interval `[lower, upper]` at a stated confidence level.
public struct ConfidenceInterval: Codable, Equatable, Sendable {
    /// The lower end.
    public var lower: Double
    /// The upper end.
    public var upper: Double
    /// The coverage the interval was built for, e.g. 0.95.
    public var level: Double

    /// Creates an interval.
    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// The interval's width, `upper − lower`.
    public var width: Double { upper - lower }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
