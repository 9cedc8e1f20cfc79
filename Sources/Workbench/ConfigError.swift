/// A command-line override that does not fit the experiment's config.
public enum ConfigError: Error, CustomStringConvertible, Equatable {
    case unknownFlag(String, valid: [String])
    case missingValue(flag: String)
    case badValue(flag: String, value: String, expected: String)
    case badSweepElement(flag: String, element: String, expected: String)
    case notSweepable(flag: String)

    public var description: String {
        switch self {
        case .unknownFlag(let flag, let valid): "unknown option \(flag); valid options: \(valid.joined(separator: ", "))"
        case .missingValue(let flag): "\(flag) needs a value"
        case .badValue(let flag, let value, let expected): "\(flag) \(value): expected \(expected)"
        case .badSweepElement(let flag, let element, let expected): "\(flag): sweep element '\(element)' is not a valid \(expected)"
        case .notSweepable(let flag): "\(flag) takes one list as its value and cannot be swept"
        }
    }
}
