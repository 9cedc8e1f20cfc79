import Evaluation
import Foundation
import Testing
@testable import Workbench

/// The model-selection leaderboard: the decision tree's verdicts, the width to store, the table and its JSON.
@Suite struct LeaderboardTests {
    /// A candidate scored on legal-zh (retrieval and clustering, full width and @256/@128/@64) and STS-B.
    static func entry(_ spec: String, legal: Double, stsb: Double, speed: Double, mib: Double, remote: Bool = false,
                      byWidth: [Int: Double] = [:]) -> LeaderboardEntry {
        func task(_ kind: EvaluationTask.Kind, _ name: String, _ metric: String, _ score: Double, widths: [Int: Double]) -> SuiteResult.TaskResult {
            var m = [metric: score]
            for (d, s) in widths { m["\(metric)@\(d)"] = s }
            return .init(kind: kind, result: EvaluationResult(name: name, primaryMetric: metric, metrics: m, metricNames: Array(m.keys), rows: []))
        }
        let widths = byWidth.isEmpty ? [256: legal - 0.02, 128: legal - 0.04, 64: legal - 0.08] : byWidth
        let legalZh = SuiteResult(suite: "legal-zh", tasks: [task(.retrieval, "legal-test", "cosine_ndcg@10", legal + 0.1, widths: widths.mapValues { $0 + 0.1 }),
                                                            task(.clustering, "legal-clustering", "v_measure", legal - 0.1, widths: widths.mapValues { $0 - 0.1 })],
                                  dims: [256, 128, 64], width: 384)
        let sts = SuiteResult(suite: "stsb", tasks: [task(.sts, "stsb-test", "spearman_cosine", stsb, widths: [:])], dims: [], width: 384)
        let probe = EncodeProbe(sentencesPerSecond: speed, peakRSSBytes: Int(mib * 1_048_576), dimension: 384,
                                parameters: remote ? nil : 117_000_000, layers: remote ? nil : 12, isRemote: remote, texts: 512)
        return LeaderboardEntry(spec: spec, results: [legalZh, sts], runs: [], probe: probe)
    }

    static func board(_ entries: [LeaderboardEntry], _ req: SelectionRequirements = .init()) -> Leaderboard {
        var b = Leaderboard(entries: entries, suites: ["legal-zh", "stsb"], dims: [256, 128, 64], requirements: req)
        b.decide()
        return b
    }

    @Test func bestOnTheChineseSuiteWinsAndTheNarrowestWidthWithinToleranceIsStored() throws {
        let b = Self.board([Self.entry("minilm", legal: 0.20, stsb: 0.82, speed: 90, mib: 400),
                            Self.entry("e5", legal: 0.45, stsb: 0.78, speed: 30, mib: 700,
                                       byWidth: [256: 0.445, 128: 0.441, 64: 0.40])])
        let choice = try #require(b.choice)
        #expect(b.entries[choice.entry].spec == "e5")
        #expect(choice.width == 128, "0.441 is within 0.01 of 0.45; 64-d (0.40) is not")
        #expect(b.entries[1].verdict == "recommended (store 128-d)")
        #expect(b.entries[0].verdict == "#2 on legal-zh (-0.2500)")
        #expect(b.reasons.count == 5)
        #expect(b.reasons[1].hasPrefix("2. Chinese? yes → ranked by the legal-zh average"))
        #expect(b.reasons[4].contains("store 128-d: 0.51 GB per million fp32 vectors instead of 1.54"))
        #expect(b.order == [1, 0])
    }

    @Test func englishRanksBySTSB() throws {
        let b = Self.board([Self.entry("minilm", legal: 0.20, stsb: 0.82, speed: 90, mib: 400),
                            Self.entry("e5", legal: 0.45, stsb: 0.78, speed: 30, mib: 700)], .init(chinese: false))
        #expect(b.entries[try #require(b.choice).entry].spec == "minilm")
        #expect(b.order == [0, 1])
    }

    @Test func asGoodAndFasterIsPreferred() throws {
        let b = Self.board([Self.entry("big", legal: 0.450, stsb: 0.8, speed: 20, mib: 1500),
                            Self.entry("small", legal: 0.443, stsb: 0.8, speed: 45, mib: 500),
                            Self.entry("tiny", legal: 0.420, stsb: 0.8, speed: 200, mib: 200)])
        #expect(b.entries[try #require(b.choice).entry].spec == "small", "within 0.01 and 2.25× as fast; tiny is 0.03 behind")
        #expect(b.reasons[3].contains("small is within 0.010 (0.4430) and 2.2× as fast → small"))
    }

    @Test func apiNotAcceptableAndResourceLimitsLeaveCandidatesOut() throws {
        let entries = [Self.entry("api", legal: 0.50, stsb: 0.8, speed: 25, mib: 50, remote: true),
                       Self.entry("big", legal: 0.48, stsb: 0.8, speed: 20, mib: 1500),
                       Self.entry("slow", legal: 0.47, stsb: 0.8, speed: 2, mib: 300),
                       Self.entry("ok", legal: 0.40, stsb: 0.8, speed: 60, mib: 400)]
        let open = Self.board(entries)
        #expect(open.entries[try #require(open.choice).entry].spec == "api")
        let b = Self.board(entries, .init(apiAcceptable: false, maxMemoryMiB: 1024, minSentencesPerSecond: 5))
        #expect(b.entries[try #require(b.choice).entry].spec == "ok")
        #expect(b.entries[0].verdict == "left out: an API, and texts may not leave the machine")
        #expect(b.entries[1].verdict == "left out: peak memory 1500 MiB > 1024 MiB")
        #expect(b.entries[2].verdict == "left out: 2.0 sentences/s < 5.0")
        #expect(b.reasons[2] == "3. Resources? peak memory ≤ 1024 MiB, ≥ 5.0 sentences/s → left out: big, slow")
    }

    @Test func unavailableCandidatesAndNoneLeftSayWhy() {
        var down = LeaderboardEntry(spec: "openai:http://127.0.0.1:9/v1#m", results: [], runs: [])
        down.unavailable = "connection refused"
        let b = Self.board([down, Self.entry("big", legal: 0.48, stsb: 0.8, speed: 20, mib: 1500)], .init(maxMemoryMiB: 100))
        #expect(b.choice == nil)
        #expect(b.entries[0].verdict == "unavailable: connection refused")
        #expect(b.reasons.last == "4. No candidate meets the requirements: nothing is recommended")
        #expect(b.rendered.contains("unavailable: connection refused"))
    }

    @Test func aBaselineAddsQualityKeptAndSpeedRatio() throws {
        var b = Leaderboard(entries: [Self.entry("teacher", legal: 0.40, stsb: 0.8, speed: 20, mib: 900),
                                      Self.entry("student", legal: 0.38, stsb: 0.8, speed: 90, mib: 300)],
                            suites: ["legal-zh", "stsb"], dims: [256, 128, 64], requirements: .init())
        b.baseline = 0
        b.decide()
        #expect(b.rendered.contains("kept % of teacher") && b.rendered.contains("95.0") && b.rendered.contains("4.50"))
        let json = try #require(try JSONSerialization.jsonObject(with: b.json) as? [String: Any])
        let rows = try #require(json["entries"] as? [[String: Any]])
        let student = try #require(rows.first { $0["model"] as? String == "student" })
        #expect(student["kept_percent"] as? Double == 95.0 && student["speed_ratio"] as? Double == 4.5 && json["baseline"] as? String == "teacher")
    }

    @Test func tableAndJSONCarryEveryColumn() throws {
        let b = Self.board([Self.entry("minilm", legal: 0.20, stsb: 0.82, speed: 90, mib: 400),
                            Self.entry("api", legal: 0.45, stsb: 0.78, speed: 30, mib: 40, remote: true)])
        let text = b.rendered
        for heading in ["average", "STS", "Retrieval", "Clustering", "legal-zh", "stsb", "layers", "dims", "params", "sent/s", "peak MiB", "GB/1M fp32", "verdict"] {
            #expect(text.contains(heading), "column \(heading)")
        }
        #expect(text.contains("40 (client)") && text.contains("117.0M") && text.contains("1.54"))
        #expect(text.contains("legal-zh average by width"))
        let json = try #require(try JSONSerialization.jsonObject(with: b.json) as? [String: Any])
        let recommended = try #require(json["recommended"] as? [String: Any])
        #expect(recommended["model"] as? String == "api")
        let rows = try #require(json["entries"] as? [[String: Any]])
        #expect(rows.map { $0["model"] as? String } == ["api", "minilm"])
        #expect(rows[1]["parameters"] as? Int == 117_000_000 && rows[0]["parameters"] == nil)
        #expect(rows[1]["layers"] as? Int == 12 && rows[0]["layers"] == nil)
        let suites = try #require(rows[1]["suites"] as? [String: Any])
        let legal = try #require(suites["legal-zh"] as? [String: Any])
        #expect(abs((legal["average"] as? Double ?? 0) - 0.20) < 1e-12)
        #expect((legal["by_width"] as? [String: Double])?.keys.sorted() == ["128", "256", "64"])
    }
}
