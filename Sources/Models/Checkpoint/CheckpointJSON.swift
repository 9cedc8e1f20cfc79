import Foundation

/// A parsed JSON value, used where a document's keys are data (the safetensors header) rather than fields.
enum CheckpointJSON: Decodable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([CheckpointJSON])
    case object([String: CheckpointJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([CheckpointJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: CheckpointJSON].self))
        }
    }

    /// A short name of the value's kind, for error messages ("a string", "an array", …).
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
