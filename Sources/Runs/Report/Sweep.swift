/// What a set of runs varies: the config keys whose values differ, and the one or two to plot the primary metric over.
struct Sweep: Sendable {
    /// Config keys whose values differ between runs (a key missing from a run counts as a value), sorted.
    let varyingKeys: [String]
    /// Up to two varying keys with the most distinct values (`seed` last): x axis first.
    let axes: [String]

    init(_ runs: [RunData]) {
        varyingKeys = RunData.varyingConfigKeys(runs)
        let distinct = Dictionary(uniqueKeysWithValues: varyingKeys.map { key in
            (key, Set(runs.map { $0.manifest.config[key] ?? .null }).count)
        })
        axes = Array(varyingKeys.sorted { a, b in
            let sa = Self.isSeed(a), sb = Self.isSeed(b)
            if sa != sb { return !sa }
            if distinct[a]! != distinct[b]! { return distinct[a]! > distinct[b]! }
            return a < b
        }.prefix(2))
    }

    /// The distinct values of `key` over the runs, numbers in numeric order, then text, then missing (`—`).
    static func values(of key: String, in runs: [RunData]) -> [JSONValue?] {
        var seen: [JSONValue?] = []
        for r in runs where !seen.contains(r.manifest.config[key]) { seen.append(r.manifest.config[key]) }
        return seen.sorted { a, b in order(a) < order(b) }
    }

    /// How a config value is shown on an axis.
    static func label(_ value: JSONValue?) -> String { value?.display ?? "—" }

    private static func order(_ v: JSONValue?) -> (Int, Double, String) {
        guard let v else { return (2, 0, "") }
        if let d = v.double { return (0, d, "") }
        return (1, 0, v.display)
    }

    private static func isSeed(_ key: String) -> Bool { key == "seed" || key.hasSuffix("_seed") }
}
