import Evaluation
import Foundation
import Runs

/// Candidates side by side: quality per task type and overall, width, size, speed, memory and storage, and the
/// recommendation the decision tree gives (`decide()`), as a terminal table and as JSON.
///
/// ```swift
/// var board = Leaderboard(entries: entries, suites: ["legal-zh", "stsb"], dims: [256, 128, 64], requirements: .init())
/// board.decide()
/// print(board.rendered)
/// ```
public struct Leaderboard: Sendable {
    public var entries: [LeaderboardEntry]
    /// The suites every candidate was scored on, in order.
    public var suites: [String]
    /// The narrower Matryoshka widths scored.
    public var dims: [Int]
    public var requirements: SelectionRequirements
    /// The recommended candidate's index in `entries` and the width to store (nil: none qualifies, or not decided yet).
    public var choice: (entry: Int, width: Int)?
    /// The decision tree's steps as printed beside the table, one line each.
    public var reasons: [String] = []
    /// The entry others are compared with (a distillation's teacher): adds the quality each keeps of it on the
    /// ranking suite (%) and its encode speed as a multiple of the baseline's.
    public var baseline: Int?

    public init(entries: [LeaderboardEntry], suites: [String], dims: [Int], requirements: SelectionRequirements) {
        self.entries = entries
        self.suites = suites
        self.dims = dims.sorted(by: >)
        self.requirements = requirements
    }

    /// The task types any candidate has, in MTEB's order.
    public var kinds: [EvaluationTask.Kind] {
        EvaluationTask.Kind.allCases.filter { k in entries.contains { $0.tasks.contains { $0.kind == k } } }
    }

    /// The entries' order in the table: evaluated ones by the ranking suite's average (best first), then the rest.
    public var order: [Int] {
        let rank = requirements.rankingSuite
        return entries.indices.sorted { a, b in
            let x = entries[a].suiteAverage(rank) ?? entries[a].average() ?? -.infinity
            let y = entries[b].suiteAverage(rank) ?? entries[b].average() ?? -.infinity
            return x != y ? x > y : a < b
        }
    }

    /// The table, the Matryoshka matrix of each candidate's ranking-suite average, and the reasons.
    public var rendered: String {
        let relative = baseline.map { ["kept % of \(entries[$0].spec)", "speed ×"] } ?? []
        var t = TextTable(["model", "average"] + kinds.map(\.title) + suites + ["layers", "dims", "params", "sent/s", "peak MiB", "GB/1M fp32"]
                          + relative + ["verdict"])
        for i in order {
            let e = entries[i]
            let scores: [String] = [Self.score(e.average())] + kinds.map { Self.score(e.mean(of: $0)) } + suites.map { Self.score(e.suiteAverage($0)) }
            t.add([e.spec] + scores + Self.measurements(e) + (baseline == nil ? [] : comparison(e)) + [e.verdict])
        }
        var out = t.rendered
        let rank = requirements.rankingSuite
        if !dims.isEmpty {
            var m = TextTable(["\(rank) average by width", "full"] + dims.map(String.init))
            for i in order where entries[i].suiteAverage(rank) != nil {
                let e = entries[i]
                m.add([e.spec, Self.score(e.suiteAverage(rank))] + dims.map { Self.score(e.suiteAverage(rank, atDim: $0)) })
            }
            out += "\n\n" + m.rendered
        }
        if !reasons.isEmpty { out += "\n\nRecommendation\n" + reasons.map { "  " + $0 }.joined(separator: "\n") }
        return out
    }

    /// The leaderboard as JSON (`leaderboard.json` of a model-selection run).
    public var json: Data {
        let rows: [[String: Any]] = order.map { i in
            let e = entries[i]
            var row: [String: Any] = ["model": e.spec, "verdict": e.verdict, "runs": e.runs.map(\.path)]
            if let reason = e.unavailable { row["unavailable"] = reason }
            if let a = e.average() { row["average"] = a }
            var types: [String: Double] = [:]
            for k in kinds { if let v = e.mean(of: k) { types[k.rawValue] = v } }
            row["types"] = types
            var perSuite: [String: Any] = [:]
            for r in e.results {
                var s: [String: Any] = ["average": r.average(), "tasks": Dictionary(uniqueKeysWithValues: r.tasks.map { ($0.result.name, $0.primaryScore) })]
                s["by_width"] = Dictionary(uniqueKeysWithValues: r.dims.map { ("\($0)", r.average(atDim: $0)) })
                perSuite[r.suite] = s
            }
            row["suites"] = perSuite
            if baseline != nil {
                let cells = comparison(e)
                if let kept = Double(cells[0]) { row["kept_percent"] = kept }
                if let speed = Double(cells[1]) { row["speed_ratio"] = speed }
            }
            if let p = e.probe {
                row["dimension"] = p.dimension
                if let n = p.parameters { row["parameters"] = n }
                if let n = p.layers { row["layers"] = n }
                row["sentences_per_second"] = p.sentencesPerSecond
                row["peak_rss_bytes"] = p.peakRSSBytes
                row["remote"] = p.isRemote
                if let bytes = e.storagePerMillion() { row["fp32_bytes_per_million"] = bytes }
            }
            return row
        }
        var object: [String: Any] = ["suites": suites, "dims": dims, "ranked_by": requirements.rankingSuite, "entries": rows, "reasons": reasons]
        if let baseline { object["baseline"] = entries[baseline].spec }
        if let choice { object["recommended"] = ["model": entries[choice.entry].spec, "width": choice.width] }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    }

    /// The quality `e` keeps of the baseline on the ranking suite (%) and its speed as a multiple of the baseline's.
    func comparison(_ e: LeaderboardEntry) -> [String] {
        guard let b = baseline else { return [] }
        let rank = requirements.rankingSuite
        let kept = e.suiteAverage(rank).flatMap { s in entries[b].suiteAverage(rank).map { 100 * s / $0 } }
        let speed = e.probe.flatMap { p in entries[b].probe.map { p.sentencesPerSecond / $0.sentencesPerSecond } }
        return [kept.map { String(format: "%.1f", $0) } ?? "-", speed.map { String(format: "%.2f", $0) } ?? "-"]
    }

    /// layers, dims, parameters, sentences/s, peak MiB and GB per million fp32 vectors, as table cells.
    static func measurements(_ e: LeaderboardEntry) -> [String] {
        guard let p = e.probe else { return Array(repeating: "-", count: 6) }
        let memory = String(format: "%.0f", Double(p.peakRSSBytes) / 1_048_576) + (p.isRemote ? " (client)" : "")
        return [p.layers.map(String.init) ?? "-", "\(p.dimension)", p.parameters.map(millions) ?? "-", String(format: "%.1f", p.sentencesPerSecond), memory,
                String(format: "%.2f", Double(p.dimension) * 4e6 / 1e9)]
    }

    static func score(_ v: Double?) -> String { v.map { $0.isFinite ? String(format: "%.4f", $0) : "-" } ?? "-" }
    static func millions(_ n: Int) -> String { String(format: "%.1fM", Double(n) / 1e6) }
}
