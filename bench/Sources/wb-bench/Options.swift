import Tensors

/// `--name value` pairs and bare `--flag`s of one subcommand, with typed getters that name the bad option.
struct Options {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    private var used: Set<String> = []

    /// Parses `arguments` (without the subcommand); `flagNames` take no value.
    init(_ arguments: [String], flagNames: Set<String> = []) throws(BenchError) {
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            guard arg.hasPrefix("--"), arg.count > 2 else { throw .usage("unexpected argument '\(arg)'") }
            let name = String(arg.dropFirst(2))
            if let eq = name.firstIndex(of: "=") {
                values[String(name[..<eq])] = String(name[name.index(after: eq)...])
            } else if flagNames.contains(name) {
                flags.insert(name)
            } else {
                guard i + 1 < arguments.count else { throw .usage("--\(name) needs a value") }
                values[name] = arguments[i + 1]
                i += 1
            }
            i += 1
        }
    }

    mutating func string(_ name: String, default value: String? = nil) throws(BenchError) -> String {
        used.insert(name)
        if let v = values[name] { return v }
        if let value { return value }
        throw .usage("--\(name) is required")
    }

    mutating func int(_ name: String, default value: Int) throws(BenchError) -> Int {
        used.insert(name)
        guard let raw = values[name] else { return value }
        guard let v = Int(raw), v > 0 else { throw .usage("--\(name) must be a positive integer, got '\(raw)'") }
        return v
    }

    mutating func flag(_ name: String) -> Bool {
        used.insert(name)
        return flags.contains(name)
    }

    /// `--precision fp32|bf16` (default fp32).
    static func precision(_ o: inout Options) throws(BenchError) -> MatmulPrecision {
        let p = try o.string("precision", default: "fp32")
        guard let parsed = MatmulPrecision(rawValue: p) else { throw .usage("--precision must be fp32 or bf16, got '\(p)'") }
        return parsed
    }

    /// Rejects options no getter asked for (typos).
    func checkAllUsed() throws(BenchError) {
        let unknown = Set(values.keys).union(flags).subtracting(used)
        if let first = unknown.sorted().first { throw .usage("unknown option --\(first)") }
    }
}
