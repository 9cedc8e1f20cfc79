import Foundation
import Testing
import TestSupport
@testable import Workbench

/// A model selection end to end: each candidate measured in a process of its own (`workbench probe-encode`),
/// scored on a suite of the user's, an unreachable API listed as unavailable, the leaderboard saved three ways.
@Suite(.serialized) struct ModelSelectionTests {
    @Test func selectsAmongLocalCandidatesAndListsAnUnreachableAPI() throws {
        let minilm = try RealAssets.model("all-MiniLM-L6-v2").path
        let pairs = [("A man is playing a guitar.", "A person plays an instrument.", 4.2), ("A woman is slicing an onion.", "A woman cuts vegetables.", 3.8),
                     ("The cat sits on the mat.", "A dog sleeps on the sofa.", 0.8), ("A plane is taking off.", "An airplane departs.", 4.6),
                     ("Two dogs run in a field.", "Dogs are running outside.", 4.0), ("Someone is cooking pasta.", "A man reads a newspaper.", 0.2)]
        let data = try TemporaryFolder(files: [
            "pairs.jsonl": pairs.map { #"{"sentence1": "\#($0.0)", "sentence2": "\#($0.1)", "score": \#($0.2)}"# }.joined(separator: "\n") + "\n",
            "mine.yaml": "name: mine\ntasks:\n  - {type: sts, name: my-sts, data: pairs.jsonl}\n",
        ])
        let root = data.appendingPathComponent("runs")
        let plan = SelectionPlan(candidates: [minilm, "openai:http://127.0.0.1:9/v1#nobody"], suites: [data.appendingPathComponent("mine.yaml").path],
                                 dims: [384, 128, 64], requirements: .init(chinese: false, rankBy: "mine"))
        var probed: [String] = []
        let folder = try ModelSelection<EmptyConfig>.run(name: "model-selection", config: [:], plan: plan, root: root) { spec in
            probed.append(spec)
            return try EncodeProbe.inChild(executable: CLITests.binary, arguments: ["probe-encode", spec, "--texts", "64"], spec: spec)
        }
        #expect(probed.count == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("leaderboard.json"))) as? [String: Any])
        let recommended = try #require(json["recommended"] as? [String: Any])
        #expect(recommended["model"] as? String == minilm)
        let entries = try #require(json["entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        let local = try #require(entries.first { $0["model"] as? String == minilm })
        // all-MiniLM-L6-v2's encoder: sentence-transformers counts 22,713,216, its unused BERT pooler (384·384 + 384) included
        #expect(local["parameters"] as? Int == 22_713_216 - 147_840)
        #expect(local["dimension"] as? Int == 384 && (local["sentences_per_second"] as? Double ?? 0) > 0)
        #expect((local["peak_rss_bytes"] as? Int ?? 0) > 50 << 20)
        // widths at or above a candidate's own (384 here, as a 256-d PCA student beside 384-d models) are not scored for it
        let byWidth = try #require(((local["suites"] as? [String: Any])?["mine"] as? [String: Any])?["by_width"] as? [String: Double])
        #expect(byWidth.keys.sorted() == ["128", "64"])
        let api = try #require(entries.first { ($0["model"] as? String)?.hasPrefix("openai:") == true })
        #expect((api["unavailable"] as? String)?.contains("connection refused") == true, "\(api)")
        let text = try String(contentsOf: folder.appendingPathComponent("leaderboard.txt"), encoding: .utf8)
        #expect(text.contains("recommended (store") && text.contains("unavailable: ") && text.contains("mine average by width"))
        let html = try String(contentsOf: folder.appendingPathComponent("leaderboard.html"), encoding: .utf8)
        #expect(html.contains("<h2>Leaderboard</h2>") && html.contains("2. Chinese? no → ranked by the mine average (as asked)"))
        // the candidate's evaluation run carries the measurements beside its scores
        let evalRun = try #require((local["runs"] as? [String])?.first)
        let run = try RunStore(root: root).load(RunRef(experiment: "eval", id: URL(fileURLWithPath: evalRun).lastPathComponent, folder: URL(fileURLWithPath: evalRun)))
        #expect(run.last("encode/sentences_per_second") != nil && run.last("model/parameters")?.value == 22_565_376 && run.last("suite/average@64") != nil)
    }
}

struct EmptyConfig: ExperimentConfig {}
