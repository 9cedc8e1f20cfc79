/// Why an HTML report could not be built.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    /// The report was given no runs.
    case noRuns

    public var description: String {
        switch self {
        case .noRuns: "a report needs at least one run"
        }
    }
}
