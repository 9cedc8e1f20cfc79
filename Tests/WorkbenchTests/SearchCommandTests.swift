import Foundation
import Testing
import TestSupport

/// `workbench index build|info|eval` and `workbench search`, run as a user runs them, on all-MiniLM-L6-v2 and a
/// small corpus of the user's own.
@Suite(.serialized) struct SearchCommandTests {
    static var model: String { get throws { try RealAssets.model("all-MiniLM-L6-v2").path } }

    static let passages = [
        "A contract needs an offer, an acceptance and consideration.", "A will disposes of property after death.",
        "Theft is taking another person's property without consent.", "Income tax is levied on wages and profits.",
        "Drunk driving is punished with a fine and a licence suspension.", "A lease lets a tenant occupy a landlord's flat.",
        "Copyright protects original works of authorship.", "A patent grants an inventor exclusive rights.",
        "Divorce ends a marriage by court order.", "Bail releases an accused person before trial.",
        "Defamation harms a person's reputation with false statements.", "An employer must pay at least the minimum wage.",
    ]

    /// A BEIR folder of the passages with three labelled queries, and an index of it.
    static func built(dims: String = "64,128", quantize: String = "none,int8,binary") throws -> (folder: TemporaryFolder, index: String) {
        let corpus = passages.enumerated().map { #"{"_id": "p\#($0.offset)", "text": "\#($0.element)"}"# }.joined(separator: "\n") + "\n"
        let folder = try TemporaryFolder(files: [
            "beir/corpus.jsonl": corpus,
            "beir/queries.jsonl": #"{"_id": "q1", "text": "what is the penalty for driving while drunk"}"# + "\n"
                + #"{"_id": "q2", "text": "how do I protect my novel from copying"}"# + "\n" + #"{"_id": "q3", "text": "what happens to my house when I die"}"# + "\n",
            "beir/qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\tp4\t1\nq2\tp6\t1\nq3\tp1\t1\n",
            "queries.txt": "penalty for drunk driving\nrenting an apartment\n",
        ])
        let index = folder.appendingPathComponent("legal.wbindex").path
        let build = try CLITests.run(["index", "build", "--model", try model, "--corpus", folder.appendingPathComponent("beir").path,
                                      "--dims", dims, "--quantize", quantize, "-o", index, "--no-cache", "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        return (folder, index)
    }

    @Test func buildThenSearchFindsTheRelevantPassageAtEveryStrategy() throws {
        let (folder, index) = try Self.built()
        let info = try CLITests.run(["index", "info", index])
        #expect(info.status == 0 && info.text.contains("12 passages") && info.text.contains("shortlist 64 binary"), "\(info.text)")
        let exact = try CLITests.run(["search", index, "--query", "what is the penalty for driving while drunk", "--k", "3"])
        #expect(exact.status == 0, "\(exact.stderr)")
        #expect(exact.text.contains("   1  p4") && exact.text.contains("exact"), "\(exact.text)")
        for (dim, precision) in [("64", "none"), ("128", "int8"), ("64", "binary")] {
            let r = try CLITests.run(["search", index, "--queries", folder.appendingPathComponent("queries.txt").path, "--shortlist-dim", dim,
                                      "--shortlist-precision", precision, "--shortlist-k", "6", "--k", "2", "--format", "jsonl"])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.text.split(separator: "\n")
            #expect(lines.count == 2)
            let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
            let results = first["results"] as! [[String: Any]]
            #expect(first["query_id"] as? String == "1" && results.count == 2)
            #expect(results[0]["id"] as? String == "p4" && results[0]["stage"] as? String == "rerank", "\(dim) \(precision): \(r.text)")
        }
        // retrieval through the index: every query's passage is first with exact search
        let eval = try CLITests.run(["index", "eval", index, "--data", folder.appendingPathComponent("beir").path])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.text.contains("cosine_ndcg@10       1.0000") && eval.text.contains("recall_vs_exact@10   1.0000"), "\(eval.text)")
    }

    @Test func buildingTwiceWritesTheSameFile() throws {
        let (folder, index) = try Self.built(dims: "64", quantize: "binary")
        let again = folder.appendingPathComponent("again.wbindex").path
        let r = try CLITests.run(["index", "build", "--model", try Self.model, "--corpus", folder.appendingPathComponent("beir").path,
                                  "--dims", "64", "--quantize", "binary", "-o", again, "--no-cache", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: index)) == Data(contentsOf: URL(fileURLWithPath: again)))
    }

    @Test func badSearchesAndBadCorporaAreRefusedNamingWhatIsWrong() throws {
        let (folder, index) = try Self.built(dims: "64", quantize: "none")
        func fails(_ args: [String], _ message: String) throws {
            let r = try CLITests.run(args)
            #expect(r.status != 0 && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        try fails(["search", index, "--query", "x", "--shortlist-dim", "512"], "shortlist width 512 is larger than the model's width 384")
        try fails(["search", index, "--query", "x", "--shortlist-dim", "128"], "stores no 128-d none shortlist; it stores: 64 none")
        try fails(["search", index, "--query", "x", "--shortlist-dim", "64", "--shortlist-k", "5", "--k", "10"], "fewer than the 10 results asked for")
        // another model (here the same weights capped at 64 tokens: another fingerprint) is refused, naming both
        try fails(["search", index, "--query", "x", "--model", try Self.model + "@64"], "not by \(try Self.model)@64 (fingerprint ")
        let bad = try folder.write("bad.jsonl", text: "{\"_id\": \"a\", \"text\": \"fine\"}\n{\"_id\": \"b\", \"text\": 3}\n")
        try fails(["search", index, "--queries", bad.path], "\(bad.path), line 2: column \"text\": expected a string")
        // a damaged index
        var bytes = try Data(contentsOf: URL(fileURLWithPath: index))
        bytes[bytes.count - 40] ^= 0xff
        let damaged = try folder.write("damaged.wbindex", bytes)
        try fails(["search", damaged.path, "--query", "x"], "checksum mismatch")
        let cut = try folder.write("cut.wbindex", bytes.prefix(bytes.count / 2))
        try fails(["search", cut.path, "--query", "x"], "the index is truncated")
        // corpora with a duplicate id or an empty text, and no file left behind
        let dup = try folder.write("dup.jsonl", text: "{\"_id\": \"a\", \"text\": \"one\"}\n{\"_id\": \"a\", \"text\": \"two\"}\n")
        let out = folder.appendingPathComponent("never.wbindex").path
        try fails(["index", "build", "--model", try Self.model, "--corpus", dup.path, "-o", out], "\(dup.path), line 2: id \"a\" is listed twice (also on line 1)")
        let empty = try folder.write("empty.jsonl", text: "{\"_id\": \"a\", \"text\": \"\"}\n")
        try fails(["index", "build", "--model", try Self.model, "--corpus", empty.path, "-o", out], "\(empty.path):1: passage \"a\" has an empty text")
        try fails(["index", "build", "--model", try Self.model, "--corpus", folder.appendingPathComponent("beir").path, "--dims", "500", "-o", out],
                  "--dims 500: a shortlist width must be within 1...384")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
