import Foundation
import Runs

/// One field of an experiment config as the command line sees it.
public struct ConfigField: Sendable, Equatable {
    /// The kind of value a field holds.
    public enum Kind: String, Sendable {
        case int, double, unsigned, bool, string, intList = "int list", doubleList = "number list", stringList = "string list"

        /// Whether a comma list is one value (arrays) rather than a sweep.
        var isList: Bool { [.intList, .doubleList, .stringList].contains(self) }
    }

    /// The Swift property name (`batchSize`).
    public let name: String
    public let kind: Kind
    /// The default as JSON (`null` for an optional field left unset).
    public let defaultValue: JSONValue
    /// Whether the field is optional (`Int?`): `none` on the command line sets it to nil.
    public var isOptional = false
    /// The values a `ConfigChoice` field (a string-backed enum such as `MatmulPrecision`) accepts; nil: any.
    public var choices: [String]?

    /// The flag (`--batch-size`).
    public var flag: String { "--" + ConfigField.kebab(name) }
    /// The key in the run manifest (`batch_size`).
    public var key: String { ConfigField.snake(name) }

    static func kebab(_ name: String) -> String { separated(name, by: "-") }
    static func snake(_ name: String) -> String { separated(name, by: "_") }

    private static func separated(_ name: String, by separator: Character) -> String {
        var out = ""
        for c in name {
            if c.isUppercase { if !out.isEmpty { out.append(separator) }; out += c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// The fields of `Config`, in declaration order: kinds from the properties' types, defaults as `Config()`
    /// encodes them (an optional left nil is `null`).
    static func fields<Config: ExperimentConfig>(of type: Config.Type) -> [ConfigField] {
        let defaults = Config()
        let encoded = (try? JSONEncoder().encode(defaults)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
        let values = encoded?.object ?? [:]
        return Mirror(reflecting: defaults).children.compactMap { child -> ConfigField? in
            guard let name = child.label else { return nil }
            let optional = child.value as? any OptionalConfigValue
            let valueType = optional.map { Swift.type(of: $0).wrappedType } ?? Swift.type(of: child.value)
            return ConfigField(name: name, kind: kind(of: valueType), defaultValue: values[name] ?? .null, isOptional: optional != nil,
                               choices: (valueType as? any ConfigChoice.Type)?.choices)
        }
    }

    /// The kind of a field of type `type` (other types are taken as strings).
    private static func kind(of type: Any.Type) -> Kind {
        switch type {
        case is Int.Type: .int
        case is UInt64.Type: .unsigned
        case is Double.Type, is Float.Type: .double
        case is Bool.Type: .bool
        case is [Int].Type: .intList
        case is [Double].Type: .doubleList
        case is [String].Type: .stringList
        default: .string
        }
    }

    /// Parses one value of this field from its command-line text.
    func parse(_ text: String) throws(ConfigError) -> JSONValue {
        if isOptional && text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return .null }
        func number(_ s: String) throws(ConfigError) -> Double {
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw .badValue(flag: flag, value: s, expected: kind.rawValue)
            }
            return v
        }
        func integer(_ s: String) throws(ConfigError) -> Double {
            guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else { throw .badValue(flag: flag, value: s, expected: kind.rawValue) }
            return Double(v)
        }
        switch kind {
        case .int: return .number(try integer(text))
        case .unsigned:
            guard let v = UInt64(text.trimmingCharacters(in: .whitespaces)) else { throw .badValue(flag: flag, value: text, expected: "non-negative integer") }
            return .number(Double(v))
        case .double: return .number(try number(text))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw .badValue(flag: flag, value: text, expected: "true or false")
            }
        case .string:
            if let choices, !choices.contains(text) {
                throw .badValue(flag: flag, value: text, expected: "one of " + choices.joined(separator: ", "))
            }
            return .string(text)
        case .intList: return .array(try text.split(separator: ",").map { s throws(ConfigError) in .number(try integer(String(s))) })
        case .doubleList: return .array(try text.split(separator: ",").map { s throws(ConfigError) in .number(try number(String(s))) })
        case .stringList: return .array(text.split(separator: ",").map { .string(String($0)) })
        }
    }
}

/// An optional config field, whose wrapped type gives its kind (a nil default carries no value to inspect).
protocol OptionalConfigValue {
    static var wrappedType: Any.Type { get }
}

extension Optional: OptionalConfigValue {
    static var wrappedType: Any.Type { Wrapped.self }
}
