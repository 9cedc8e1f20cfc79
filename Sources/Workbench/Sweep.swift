import Foundation
import Runs

/// Command-line overrides of an experiment config, expanded into the cells of a sweep.
///
/// `--temperature 0.02,0.05 --alpha 0.3,0.5` gives 4 cells (the cartesian product, in order); every
/// other field keeps its default. Values are checked against the field's type before anything runs.
public struct Sweep<Config: ExperimentConfig> {
    public let fields: [ConfigField]
    /// Per swept field, its values (one value for a plain override).
    public let overrides: [(field: ConfigField, values: [JSONValue])]
    /// Arguments that are not config fields but that the runner knows (`--resume`, `--root`, …).
    public let extra: [String: String]

    /// Parses `arguments` (without the program name); `extraFlags` are the runner's own options.
    public init(arguments: [String], extraFlags: Set<String> = []) throws(ConfigError) {
        fields = ConfigField.fields(of: Config.self)
        var overrides: [(ConfigField, [JSONValue])] = []
        var extra: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            var arg = arguments[i]
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                inlineValue = String(arg[arg.index(after: eq)...])
                arg = String(arg[..<eq])
            }
            func value() throws(ConfigError) -> String {
                if let inlineValue { return inlineValue }
                i += 1
                guard i < arguments.count else { throw .missingValue(flag: arg) }
                return arguments[i]
            }
            if extraFlags.contains(arg) {
                extra[arg] = try value()
            } else if let field = fields.first(where: { $0.flag == arg }) {
                let text = try value()
                if field.kind.isList {
                    overrides.append((field, [try field.parse(text)]))
                } else {
                    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    var values: [JSONValue] = []
                    for part in parts {
                        do { values.append(try field.parse(part)) } catch {
                            throw parts.count > 1 ? .badSweepElement(flag: field.flag, element: part, expected: field.choices?.joined(separator: " or ") ?? field.kind.rawValue) : error
                        }
                    }
                    overrides.append((field, values))
                }
            } else {
                throw .unknownFlag(arg, valid: fields.map(\.flag) + extraFlags.sorted())
            }
            i += 1
        }
        self.overrides = overrides
        self.extra = extra
    }

    /// The configs of every cell, in sweep order.
    public func cells() throws -> [Config] {
        let base = try JSONEncoder().encode(Config())
        guard case .object(let defaults)? = try? JSONDecoder().decode(JSONValue.self, from: base) else { return [Config()] }
        var cells: [[String: JSONValue]] = [defaults]
        for (field, values) in overrides {
            cells = cells.flatMap { cell in values.map { v in var c = cell; c[field.name] = v; return c } }
        }
        return try cells.map { try JSONDecoder().decode(Config.self, from: Data(JSONValue.object($0).jsonText.utf8)) }
    }

    /// The help text: every flag with its type and default.
    public static func help(experiment: String, extra: [(String, String)]) -> String {
        var lines = ["usage: swift run exp-\(experiment) [--field value | --field v1,v2,… (sweep)]…", "", "config (defaults):"]
        let fields = ConfigField.fields(of: Config.self)
        let width = (fields.map(\.flag.count) + extra.map(\.0.count)).max() ?? 0
        for f in fields {
            lines.append("  " + f.flag.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "\(f.defaultValue == .null ? "none" : f.defaultValue.display)  (\(f.choices?.joined(separator: " or ") ?? f.kind.rawValue)\(f.isOptional ? ", or none" : ""))")
        }
        lines.append("")
        lines.append("runner:")
        for (flag, help) in extra { lines.append("  " + flag.padding(toLength: width + 2, withPad: " ", startingAt: 0) + help) }
        return lines.joined(separator: "\n")
    }

    /// A config as the manifest stores it: snake_case keys.
    public static func manifestConfig(_ config: Config) -> [String: JSONValue] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(config), case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [:] }
        return o
    }
}
