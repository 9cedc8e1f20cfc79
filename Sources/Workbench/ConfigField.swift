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

    /// The fields of `Config`, in declaration order, with their kinds read from the default instance.
    static func fields<Config: ExperimentConfig>(of type: Config.Type) -> [ConfigField] {
        let defaults = Config()
        return Mirror(reflecting: defaults).children.compactMap { child -> ConfigField? in
            guard let name = child.label else { return nil }
            if let optional = child.value as? any OptionalConfigValue {
                let kind = Swift.type(of: optional).wrappedKind
                let wrapped = optional.wrappedValue.map { field(name, $0) }
                return ConfigField(name: name, kind: kind, defaultValue: wrapped?.defaultValue ?? .null, isOptional: true)
            }
            return field(name, child.value)
        }
    }

    /// The field for a non-optional `value`.
    private static func field(_ name: String, _ value: Any) -> ConfigField {
        switch value {
        case let v as Int: return ConfigField(name: name, kind: .int, defaultValue: .number(Double(v)))
        case let v as UInt64: return ConfigField(name: name, kind: .unsigned, defaultValue: .number(Double(v)))
        case let v as Double: return ConfigField(name: name, kind: .double, defaultValue: .number(v))
        case let v as Float: return ConfigField(name: name, kind: .double, defaultValue: .number(Double(v)))
        case let v as Bool: return ConfigField(name: name, kind: .bool, defaultValue: .bool(v))
        case let v as String: return ConfigField(name: name, kind: .string, defaultValue: .string(v))
        case let v as [Int]: return ConfigField(name: name, kind: .intList, defaultValue: .array(v.map { .number(Double($0)) }))
        case let v as [Double]: return ConfigField(name: name, kind: .doubleList, defaultValue: .array(v.map { .number($0) }))
        case let v as [String]: return ConfigField(name: name, kind: .stringList, defaultValue: .array(v.map { .string($0) }))
        default: return ConfigField(name: name, kind: .string, defaultValue: .string("\(value)"))
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
        case .string: return .string(text)
        case .intList: return .array(try text.split(separator: ",").map { s throws(ConfigError) in .number(try integer(String(s))) })
        case .doubleList: return .array(try text.split(separator: ",").map { s throws(ConfigError) in .number(try number(String(s))) })
        case .stringList: return .array(text.split(separator: ",").map { .string(String($0)) })
        }
    }
}

/// An optional config field's wrapped kind, read from its type (a nil default carries no value to inspect).
protocol OptionalConfigValue {
    static var wrappedKind: ConfigField.Kind { get }
    var wrappedValue: Any? { get }
}

extension Optional: OptionalConfigValue {
    static var wrappedKind: ConfigField.Kind {
        switch Wrapped.self {
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

    var wrappedValue: Any? { self.map { $0 as Any } }
}
