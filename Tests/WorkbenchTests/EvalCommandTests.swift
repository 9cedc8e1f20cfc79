import Foundation
import Testing
import TestSupport

/// `workbench eval`, `cache` and `diff` of evaluation runs, run as a user runs them, on all-MiniLM-L6-v2 and
/// small files of the user's own.
@Suite(.serialized) struct EvalCommandTests {
    static var model: String { get throws { try RealAssets.model("all-MiniLM-L6-v2").path } }

    /// A folder with an STS file, a BEIR folder and a suite file naming both.
    static func userData() throws -> TemporaryFolder {
        let sts = (0..<12).map { i in
            #"{"sentence1": "A man is playing guitar number \#(i).", "sentence2": "\#(i % 3 == 0 ? "A man plays a guitar." : "The cat sleeps on mat \(i).")", "score": \#(Double(i % 3 == 0 ? 4 : i % 5))}"#
        }.joined(separator: "\n")
        let corpus = ["Contracts need an offer and an acceptance.", "A will disposes of property after death.",
                      "Theft is taking another's property.", "Tax is levied on income."]
        let queries = ["what makes a contract", "what is a will", "is stealing a crime", "how is income taxed"]
        var files = ["sts.jsonl": sts + "\n",
                     "beir/corpus.jsonl": corpus.enumerated().map { #"{"_id": "d\#($0.offset)", "text": "\#($0.element)"}"# }.joined(separator: "\n") + "\n",
                     "beir/queries.jsonl": queries.enumerated().map { #"{"_id": "q\#($0.offset)", "text": "\#($0.element)"}"# }.joined(separator: "\n") + "\n",
                     "beir/qrels/test.tsv": "query-id\tcorpus-id\tscore\n" + (0..<4).map { "q\($0)\td\($0)\t1" }.joined(separator: "\n") + "\n"]
        files["suite.json"] = #"{"name": "mine", "tasks": [{"type": "sts", "name": "my-sts", "data": "sts.jsonl"}, {"type": "retrieval", "name": "my-ir", "data": "beir"}]}"#
        files["bad-qrels/corpus.jsonl"] = files["beir/corpus.jsonl"]
        files["bad-qrels/queries.jsonl"] = files["beir/queries.jsonl"]
        files["bad-qrels/qrels/test.tsv"] = "q0\td9\t1\n"
        return try TemporaryFolder(files: files)
    }

    @Test func suiteFileRunsWritesRunsAndTheSecondRunIsServedFromTheCache() throws {
        let data = try Self.userData()
        let runs = data.appendingPathComponent("runs").path, cache = data.appendingPathComponent("cache").path
        let args = ["eval", "--model", try Self.model, "--suite", data.appendingPathComponent("suite.json").path, "--root", runs,
                    "--cache-dir", cache, "--dims", "128,64"]
        let first = try CLITests.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.text.contains("suite mine") && first.text.contains("my-sts spearman_cosine") && first.text.contains("my-ir cosine_ndcg@10"))
        #expect(first.text.contains("Matryoshka: primary score by width"))
        #expect(first.stderr.contains("0 texts from the cache"))
        let second = try CLITests.run(args)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains(", 0 not cached"))
        // the same numbers from the cache
        #expect(second.text == first.text)
        let ids = try FileManager.default.contentsOfDirectory(atPath: runs + "/eval").filter { !$0.hasPrefix(".") }.sorted()
        #expect(ids.count == 2)
        let show = try CLITests.run(["show", "--root", runs, ids[0]])
        #expect(show.text.contains("suite/average *") && show.text.contains("eval/my-ir/cosine_ndcg@10") && show.text.contains("--all"))
        #expect(!show.text.contains("eval/my-ir/cosine_precision@3"))
        let all = try CLITests.run(["show", "--root", runs, ids[0], "--all"])
        #expect(all.text.contains("eval/my-ir/cosine_precision@3"))
        let diff = try CLITests.run(["diff", "--root", runs, ids[0], ids[1]])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.text.contains("my-ir cosine_ndcg@10 (n=4"))
        #expect(!diff.text.contains("cosine_precision@1"))
        let stats = try CLITests.run(["cache", "stats", "--cache-dir", cache])
        #expect(stats.text.contains("models      1"))
        let clear = try CLITests.run(["cache", "clear", "--cache-dir", cache])
        #expect(clear.status == 0 && !FileManager.default.fileExists(atPath: cache))
    }

    @Test func oneTaskFromFiles() throws {
        let data = try Self.userData()
        let r = try CLITests.run(["eval", "--model", try Self.model, "--task", "retrieval", "--data", data.appendingPathComponent("beir").path,
                                  "--root", data.appendingPathComponent("runs").path, "--no-cache"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text.contains("beir cosine_ndcg@10"))
    }

    @Test func classificationClusteringAndRerankingFromFiles() throws {
        let topics = ["sport": ["football match tonight", "the tennis final", "a marathon runner", "basketball scores"],
                      "food": ["a recipe for bread", "cooking pasta at home", "the best pizza dough", "a bowl of soup"]]
        let rows = topics.keys.sorted().flatMap { label in topics[label]!.map { #"{"text": "\#($0)", "label": "\#(label)"}"# } }
        let rerank = #"{"query": "how to bake bread", "positive": ["a recipe for bread"], "negative": ["the tennis final", "a marathon runner"]}"#
        let data = try TemporaryFolder(files: [
            "train.jsonl": rows.joined(separator: "\n") + "\n", "test.jsonl": rows.joined(separator: "\n") + "\n",
            "rerank.jsonl": rerank + "\n",
            "suite.json": #"{"tasks": [{"type": "classification", "name": "topics", "train": "train.jsonl", "test": "test.jsonl"}, {"type": "clustering", "data": "test.jsonl"}, {"type": "reranking", "data": "rerank.jsonl"}]}"#,
            "one-label.jsonl": #"{"text": "only", "label": "a"}"# + "\n" + #"{"text": "one", "label": "a"}"# + "\n",
        ])
        let r = try CLITests.run(["eval", "--model", try Self.model, "--suite", data.appendingPathComponent("suite.json").path,
                                  "--root", data.appendingPathComponent("runs").path, "--no-cache"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text.contains("topics accuracy") && r.text.contains("test v_measure") && r.text.contains("rerank ndcg@10"))
        let bad = try CLITests.run(["eval", "--model", try Self.model, "--task", "clustering", "--data", data.appendingPathComponent("one-label.jsonl").path,
                                    "--root", data.appendingPathComponent("runs").path, "--no-cache"])
        #expect(bad.status != 0 && bad.stderr.contains("label"), "\(bad.stderr)")
    }

    @Test func pairClassificationFromAYAMLSuiteFile() throws {
        let pairs = [("A man plays the guitar.", "A man is playing a guitar.", 1), ("A cat sleeps.", "The stock market fell.", 0),
                     ("Two dogs run in a park.", "Dogs are running outside.", 1), ("A woman cooks dinner.", "The train is late.", 0),
                     ("The court dismissed the appeal.", "The appeal was rejected by the court.", 1), ("Rain is expected.", "He sold his car.", 0)]
        let rows = pairs.map { #"{"sentence1": "\#($0.0)", "sentence2": "\#($0.1)", "label": \#($0.2)}"# }.joined(separator: "\n") + "\n"
        let data = try TemporaryFolder(files: [
            "dup.jsonl": rows, "half.jsonl": #"{"sentence1": "a", "sentence2": "b", "label": 0.5}"# + "\n",
            "suite.yaml": """
                # my duplicate-detection suite
                name: duplicates
                tasks:
                  - type: pair-classification
                    name: my-dups
                    data: dup.jsonl
                """,
            "broken.yml": "tasks:\n  - type: [sts\n",
        ])
        let runs = data.appendingPathComponent("runs").path
        let r = try CLITests.run(["eval", "--model", try Self.model, "--suite", data.appendingPathComponent("suite.yaml").path, "--root", runs, "--no-cache"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text.contains("suite duplicates") && r.text.contains("my-dups max_ap") && r.text.contains("PairClassification"))
        let one = try CLITests.run(["eval", "--model", try Self.model, "--task", "pair-classification", "--data", data.appendingPathComponent("dup.jsonl").path,
                                    "--root", runs, "--no-cache"])
        #expect(one.status == 0 && one.text.contains("dup max_ap"), "\(one.stderr)")
        let half = try CLITests.run(["eval", "--model", try Self.model, "--task", "pair-classification", "--data", data.appendingPathComponent("half.jsonl").path,
                                     "--root", runs, "--no-cache"])
        #expect(half.status != 0 && half.stderr.contains("half.jsonl: row 1: label 0.5 is neither 0 nor 1"), "\(half.stderr)")
        let broken = try CLITests.run(["eval", "--model", try Self.model, "--suite", data.appendingPathComponent("broken.yml").path, "--root", runs, "--no-cache"])
        #expect(broken.status != 0 && broken.stderr.contains("broken.yml") && broken.stderr.contains("not valid YAML"), "\(broken.stderr)")
    }

    @Test(arguments: [
        (["--suite", "no-such-suite"], "no such file"),
        (["--task", "retrival", "--data", "x"], "--task retrival: expected one of"),
        (["--task", "retrieval", "--data", "bad-qrels"], "d9"),
        (["--suite", "stsb", "--dims", "512"], "a truncation width must be within 1..<384"),
        (["--suite", "stsb", "--dims", "0"], "--dims 0"),
    ])
    func badInputIsAClearError(_ extra: [String], _ message: String) throws {
        let data = try Self.userData()
        let args = extra.map { $0 == "bad-qrels" ? data.appendingPathComponent("bad-qrels").path : $0 }
        let r = try CLITests.run(["eval", "--model", try Self.model, "--root", data.appendingPathComponent("runs").path, "--no-cache"] + args)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func unknownModelIsAClearError() throws {
        let r = try CLITests.run(["eval", "--model", "models/nope", "--suite", "stsb", "--no-cache"])
        #expect(r.status != 0 && r.stderr.contains("--model models/nope"), "\(r.stderr)")
    }
}
