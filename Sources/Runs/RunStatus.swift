/// Where a run stands: `running`, `finished`, `failed: <reason>` or `killed` (as written in the manifest).
public enum RunStatus: Equatable, Sendable, Codable, CustomStringConvertible {
    case running
    case finished
    case failed(String)
    case killed

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "running": self = .running
        case "finished": self = .finished
        case "killed": self = .killed
        case _ where text.hasPrefix("failed"):
            self = .failed(text.dropFirst("failed".count).drop { $0 == ":" || $0 == " " }.description)
        default: self = .failed("unknown status '\(text)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public var description: String {
        switch self {
        case .running: "running"
        case .finished: "finished"
        case .failed(let reason): "failed: \(reason)"
        case .killed: "killed"
        }
    }
}
