import Foundation
import Testing
@testable import Datasets
import TestSupport

/// Data loading (`PairDataset`, `RetrievalDataset`) and the built data sets under `datasets/`.
/// Fixture files: `Fixtures/` (written by `make_dataset_fixtures.py` there).
@Suite struct DatasetTests {
    static let fixtures = try! Bundle.module.fixtures
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    // MARK: - Formats

    @Test func jsonlWithScore() throws {
        let d = try PairDataset.load(Self.fixture("sts.jsonl"), columns: ["sentence1", "sentence2"], label: "score", labelRange: 0...1)
        #expect(d.name == "sts")
        #expect(d.count == 3)
        #expect(d.columns == ["sentence1", "sentence2"])
        #expect(d.labelColumn == "score")
        #expect(d.labels == [1.0, 0.76, 0])
        #expect(d[2] == [" 一个人在弹吉他。", "一只猫在睡觉。"])               // verbatim, leading space kept
        #expect(d.column("sentence2")?.first == "An air plane is taking off.")
        #expect(d.column("score") == nil)
        // the raw 0-5 label, with its own range
        let raw = try PairDataset.load(Self.fixture("sts.jsonl"), columns: ["sentence1", "sentence2"], label: "score_raw", labelRange: 0...5)
        #expect(raw.labels == [5, 3.8, 0])
    }

    @Test func csvWithQuotingCRLFAndMultilineField() throws {
        let d = try PairDataset.load(Self.fixture("sts.csv"), columns: ["sentence1", "sentence2"], label: "score")
        #expect(d.count == 3)                                                  // the blank line is skipped
        #expect(d[0] == ["Hello, world", "He said \"hi\""])
        #expect(d[1] == ["plain text", "two\nlines"])
        #expect(d[2] == ["a \"quoted\" word", ""])
        #expect(d.labels == [0.5, 1, 0])
    }

    @Test func tsvTriplets() throws {
        let d = try PairDataset.load(Self.fixture("triplets.tsv"), columns: ["anchor", "positive", "negative"])
        #expect(d.count == 2)
        #expect(d.labels == nil && d.labelColumn == nil)
        #expect(d[0] == ["公司法第六十条", "一人有限责任公司章程由股东制定。", "国家保障妇女享有与男子平等的婚姻家庭权利。"])
        #expect(d[1][0] == "what is \"x\"")                                    // quotes are text in TSV
        // a subset of the columns, in the caller's order
        let pairs = try PairDataset.load(Self.fixture("triplets.tsv"), columns: ["positive", "anchor"])
        #expect(pairs[0] == ["一人有限责任公司章程由股东制定。", "公司法第六十条"])
    }

    @Test func textWithClassLabel() throws {
        let d = try PairDataset.load(Self.fixture("labels.csv"), columns: ["text"], label: "label")
        #expect(d.column("text") == ["first", "second", "third"])
        #expect(d.labels == [0, 2, 1])
    }

    @Test func anchorPositiveIgnoresOtherKeys() throws {
        let d = try PairDataset.load(Self.fixture("anchor-positive.jsonl"), columns: ["anchor", "positive"])
        #expect(d.count == 2)
        let b = d.batch([1, 0])
        #expect(b.texts == [["q2", "q1"], ["d2", "d1"]])
        #expect(b.labels == nil)
        #expect(b.count == 2)
        #expect(try d.subset([1]).count == 1)
    }

    @Test func formatFromArgumentWhenTheExtensionSaysNothing() throws {
        #expect(throws: DatasetError.unknownFormat(Self.fixture("no-extension"))) {
            try PairDataset.load(Self.fixture("no-extension"), columns: ["text"])
        }
        let d = try PairDataset.load(Self.fixture("no-extension"), columns: ["text"], label: "label", format: .jsonl)
        #expect(d.labels == [1])
    }

    @Test func inMemoryShapesAreChecked() throws {
        #expect(throws: DatasetError.self) { try PairDataset(columns: ["a", "b"], texts: [["x"], ["y", "z"]]) }
        #expect(throws: DatasetError.self) { try PairDataset(columns: ["a"], texts: [[]]) }
        #expect(throws: DatasetError.self) { try PairDataset(columns: ["a"], texts: [["x"]], labelColumn: "score", labels: [1, 2]) }
        let d = try PairDataset(columns: ["a"], texts: [["x", "y"]], labelColumn: "score", labels: [1, 2])
        #expect(d.label(1) == 2)
    }

    // MARK: - Bad input: the message names the file and the line

    struct BadCase: Sendable, CustomTestStringConvertible {
        var file: String
        var columns: [String]
        var label: String? = nil
        var range: ClosedRange<Double>? = nil
        var line: Int
        var fragments: [String]
        var testDescription: String { file }
    }

    static let badCases: [BadCase] = [
        BadCase(file: "bad/missing-column.csv", columns: ["sentence1", "sentence2"], label: "score", line: 1,
                fragments: ["missing column \"sentence2\"", "\"sentence1\", \"sentence_2\", \"score\""]),
        BadCase(file: "bad/missing-key.jsonl", columns: ["anchor", "positive"], line: 2,
                fragments: ["missing column \"positive\"", "\"anchor\", \"pos\""]),
        BadCase(file: "bad/score-out-of-range.jsonl", columns: ["sentence1", "sentence2"], label: "score", range: 0...1, line: 3,
                fragments: ["score 4.2", "outside the declared range 0.0...1.0"]),
        BadCase(file: "bad/score-not-number.tsv", columns: ["sentence1", "sentence2"], label: "score", line: 3,
                fragments: ["\"high\" is not a number"]),
        BadCase(file: "bad/text-not-string.jsonl", columns: ["anchor", "positive"], line: 1,
                fragments: ["column \"positive\"", "expected a string, found a number (7)"]),
        BadCase(file: "bad/empty.jsonl", columns: ["anchor", "positive"], line: 0, fragments: ["empty data set"]),
        BadCase(file: "bad/blank-lines.jsonl", columns: ["anchor", "positive"], line: 2, fragments: ["empty data set"]),
        BadCase(file: "bad/header-only.csv", columns: ["anchor", "positive"], line: 1, fragments: ["empty data set"]),
        BadCase(file: "bad/malformed.jsonl", columns: ["anchor", "positive"], line: 2, fragments: ["malformed JSON"]),
        BadCase(file: "bad/not-an-object.jsonl", columns: ["anchor", "positive"], line: 2, fragments: ["expected a JSON object"]),
        BadCase(file: "bad/unterminated-quote.csv", columns: ["anchor", "positive"], line: 3, fragments: ["unterminated quoted field"]),
        BadCase(file: "bad/text-after-quote.csv", columns: ["anchor", "positive"], line: 3, fragments: ["text after a closing quote"]),
        BadCase(file: "bad/field-count.csv", columns: ["anchor", "positive"], line: 3, fragments: ["3 fields", "header (line 1) has 2"]),
        BadCase(file: "bad/duplicate-header.csv", columns: ["anchor", "positive"], line: 1, fragments: ["names column \"anchor\" twice"]),
        BadCase(file: "bad/non-utf8.jsonl", columns: ["anchor", "positive"], line: 2, fragments: ["not valid UTF-8"]),
        BadCase(file: "bad/non-utf8.tsv", columns: ["anchor", "positive"], line: 4, fragments: ["not valid UTF-8"]),
    ]

    @Test(arguments: badCases)
    func badInputIsRejectedWithFileAndLine(_ c: BadCase) throws {
        let url = Self.fixture(c.file)
        let error = try #require(throws: DatasetError.self) {
            try PairDataset.load(url, columns: c.columns, label: c.label, labelRange: c.range)
        }
        let message = error.description
        #expect(message.contains(url.lastPathComponent), "\(message)")
        #expect(message.contains("line \(c.line):"), "\(message)")
        for fragment in c.fragments { #expect(message.contains(fragment), "\(message)") }
    }

    @Test func missingFileIsNamed() throws {
        let url = Self.fixture("does-not-exist.jsonl")
        let error = try #require(throws: DatasetError.self) { try PairDataset.load(url, columns: ["text"]) }
        #expect(error.description.contains("does-not-exist.jsonl") && error.description.contains("no such file"))
    }

    // MARK: - Retrieval

    @Test func retrievalDatasetFromBEIRFiles() throws {
        let dir = Self.fixture("retrieval")
        let ir = try RetrievalDataset.load(queries: dir.appendingPathComponent("queries.jsonl"),
                                           corpus: dir.appendingPathComponent("corpus.jsonl"),
                                           qrels: dir.appendingPathComponent("qrels.tsv"))
        #expect(ir.queryIDs == ["q1", "q2", "4"])                  // q3 has only a score-0 row
        #expect(ir.queryTexts == ["first query", "second query", "numeric id"])
        #expect(ir.corpusIDs == ["d1", "d2", "d3"])
        #expect(ir.corpus["d2"] == "Title doc two")
        #expect(ir.relevantDocs == ["q1": ["d1"], "q2": ["d2", "d3"], "4": ["d3"]])
        let headerless = try RetrievalDataset.load(queries: dir.appendingPathComponent("queries.jsonl"),
                                                   corpus: dir.appendingPathComponent("corpus.jsonl"),
                                                   qrels: dir.appendingPathComponent("qrels-no-header.tsv"))
        #expect(headerless.queryIDs == ["q1"])
    }

    @Test func retrievalRejectsInconsistentIDs() throws {
        let dir = Self.fixture("retrieval")
        let unknown = try #require(throws: DatasetError.self) {
            try RetrievalDataset.load(queries: dir.appendingPathComponent("queries.jsonl"), corpus: dir.appendingPathComponent("corpus.jsonl"),
                                      qrels: dir.appendingPathComponent("qrels-unknown-doc.tsv"))
        }
        #expect(unknown.description.contains("qrels-unknown-doc.tsv, line 3:") && unknown.description.contains("\"d9\""))
        let duplicate = try #require(throws: DatasetError.self) {
            try RetrievalDataset.load(queries: dir.appendingPathComponent("queries.jsonl"), corpus: dir.appendingPathComponent("corpus-duplicate-id.jsonl"),
                                      qrels: dir.appendingPathComponent("qrels.tsv"))
        }
        #expect(duplicate.description.contains("corpus-duplicate-id.jsonl, line 3:") && duplicate.description.contains("also on line 1"))
    }

    @Test func builtInDataSetsSayHowToInstallThem() throws {
        let folder = try TemporaryFolder(prefix: "wb-no-datasets")
        let empty = folder.url
        let errors: [DatasetError] = [
            try #require(throws: DatasetError.self) { try PairDataset.stsb(split: .train, root: empty) },
            try #require(throws: DatasetError.self) { try PairDataset.legalZh(split: .dev, root: empty) },
            try #require(throws: DatasetError.self) { try RetrievalDataset.legalZh(split: .test, root: empty) },
        ]
        for e in errors {
            #expect(e.description.contains("bash scripts/setup.sh"), "\(e)")
            #expect(e.description.contains("datasets/"), "\(e)")
        }
    }

    // MARK: - The built data sets (scripts/setup.sh builds them; missing, the tests fail, naming the set-up)

    @Test func legalZhSplitHasNoLeakage() throws {
        let files = ["corpus.jsonl", "queries.jsonl", "train.jsonl", "dev.jsonl", "test.jsonl",
                     "qrels/train.tsv", "qrels/dev.tsv", "qrels/test.tsv"]
        _ = try RealAssets.dataset("legal-zh", files: files)
        let root = Repository.root
        let ir = try [DatasetSplit.train, .dev, .test].map { try RetrievalDataset.legalZh(split: $0, root: root) }
        let pairs = try [DatasetSplit.train, .dev, .test].map { try PairDataset.legalZh(split: $0, root: root) }
        let (train, dev, test) = (ir[0], ir[1], ir[2])

        // the counts in datasets/legal-zh/README.md
        #expect(train.corpusIDs.count == 1434)
        #expect(dev.queryIDs.count == 148 && test.queryIDs.count == 148)
        #expect(pairs.map(\.count) == [1197, 153, 150] as [Int])

        // no query in two splits, by id or by text
        let queryIDs = ir.map { Set($0.queryIDs) }
        #expect(queryIDs[0].isDisjoint(with: queryIDs[1]) && queryIDs[0].isDisjoint(with: queryIDs[2]) && queryIDs[1].isDisjoint(with: queryIDs[2]))
        let anchors = pairs.map { Set($0.column("anchor")!) }
        #expect(anchors[0].isDisjoint(with: anchors[1]) && anchors[0].isDisjoint(with: anchors[2]) && anchors[1].isDisjoint(with: anchors[2]))

        // no document relevant to a dev or test query is a training positive (by id and by text)
        let heldOut = Set((dev.relevantDocs.values.flatMap { $0 }) + test.relevantDocs.values.flatMap { $0 })
        let trainDocs = Set(train.relevantDocs.values.flatMap { $0 })
        let leakedIDs = trainDocs.intersection(heldOut)
        #expect(leakedIDs.isEmpty, "training qrels use held-out documents: \(leakedIDs.sorted().prefix(5))")
        let heldOutTexts = Set(heldOut.map { train.corpus[$0]! })
        let leakedTexts = Set(pairs[0].column("positive")!).intersection(heldOutTexts)
        #expect(leakedTexts.isEmpty, "\(leakedTexts.count) train.jsonl positives are relevant to dev/test queries")

        // train.jsonl is exactly qrels/train.tsv, and every split's pairs are its qrels
        for (split, (r, p)) in zip(["train", "dev", "test"], zip(ir, pairs)) {
            let fromQrels = r.queryIDs.flatMap { q in r.relevantDocs[q]!.map { "\(r.queries[q]!)\u{1}\(r.corpus[$0]!)" } }
            let fromPairs = (0..<p.count).map { "\(p[$0][0])\u{1}\(p[$0][1])" }
            #expect(Set(fromQrels) == Set(fromPairs) && fromQrels.count == fromPairs.count, "\(split)")
        }
    }

    @Test func stsbIsBuiltWithTheOfficialCounts() throws {
        _ = try RealAssets.dataset("stsb", files: ["train.jsonl", "dev.jsonl", "test.jsonl"])
        let splits = try [DatasetSplit.train, .dev, .test].map { try PairDataset.stsb(split: $0, root: Repository.root) }
        #expect(splits.map(\.count) == [5749, 1500, 1379])
        #expect(splits.allSatisfy { $0.columns == ["sentence1", "sentence2"] && $0.labels!.allSatisfy { (0...1).contains($0) } })
        #expect(splits[0].name == "stsb-train")
    }
}
