import Foundation
import Testing
@testable import Datasets
import TestSupport

/// `LabelledTextDataset`: loading texts with string labels from JSONL/CSV, the located errors, and the built
/// legal classification and clustering tasks under `datasets/legal-zh-tasks/`.
/// Fixture files: `Fixtures/labelled/` (written by `make_task_fixtures.py` there).
@Suite struct LabelledTextDatasetTests {
    static let fixtures = try! Bundle.module.fixtures
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent("labelled/\(name)") }

    /// The error loading `name` throws (the test fails when it loads).
    static func error(_ name: String, textColumn: String = "text", labelColumn: String = "label") throws -> DatasetError {
        try #require(throws: DatasetError.self) {
            try LabelledTextDataset.load(fixture(name), textColumn: textColumn, labelColumn: labelColumn)
        }
    }

    // MARK: - Good files

    @Test func jsonlKeepsTextsVerbatimAndIgnoresOtherKeys() throws {
        let d = try LabelledTextDataset.load(Self.fixture("topics.jsonl"))
        #expect(d.name == "topics")
        #expect(d.count == 4)                                                   // the blank line is skipped
        #expect(d.texts == ["母亲离家出走不管儿童应该由谁来起诉", "公司拖欠工资三个月怎么办？", " 追尾事故对方全责，保险不赔 ", "离婚后孩子抚养权归谁"])
        #expect(d.labels == ["婚姻家庭", "劳动纠纷", "交通事故", "婚姻家庭"])
        #expect(d.labelNames == ["婚姻家庭", "劳动纠纷", "交通事故"])           // first appearance
        #expect(d.labelCounts == ["婚姻家庭": 2, "劳动纠纷": 1, "交通事故": 1])
        #expect(d.files == [Self.fixture("topics.jsonl")])
    }

    @Test func csvWithQuotingAndCRLF() throws {
        let d = try LabelledTextDataset.load(Self.fixture("topics.csv"))
        #expect(d.texts == ["借钱不还, 有借条", "他说\"合同无效\"", "两行\n文本"])
        #expect(d.labels == ["债权债务", "合同纠纷", "债权债务"])
    }

    @Test func columnNamesCanBeOverridden() throws {
        let d = try LabelledTextDataset.load(Self.fixture("intents.csv"), textColumn: "sentence", labelColumn: "intent", name: "intents")
        #expect(d.name == "intents")
        #expect(d.texts == ["book a flight", "play some jazz"] && d.labels == ["travel", "music"])
        // the default columns are not there: the header line is named
        let e = try Self.error("intents.csv")
        #expect(e == .missingColumn(Self.fixture("intents.csv"), line: 1, column: "text", found: ["id", "sentence", "intent"]))
        #expect(throws: DatasetError.self) {
            try LabelledTextDataset.load(Self.fixture("intents.csv"), textColumn: "intent", labelColumn: "intent")
        }
    }

    @Test func oneLabelOnlyIsNotALoaderError() throws {
        let d = try LabelledTextDataset.load(Self.fixture("one-label.jsonl"))
        #expect(d.labelNames == ["x"] && d.count == 2)
    }

    @Test func integerLabelsBecomeStrings() throws {
        let d = try LabelledTextDataset.load(Self.fixture("integer-labels.jsonl"))
        #expect(d.labels == ["0", "2"])
    }

    // MARK: - Bad files: the file and the line

    @Test func missingLabelOrTextNamesTheLine() throws {
        let label = try Self.error("bad/missing-label.jsonl")
        #expect(label == .missingColumn(Self.fixture("bad/missing-label.jsonl"), line: 3, column: "label", found: ["text"]))
        #expect(label.description.hasSuffix("missing-label.jsonl, line 3: missing column \"label\"; the columns found are: \"text\""))
        let text = try Self.error("bad/missing-text.jsonl")
        #expect(text == .missingColumn(Self.fixture("bad/missing-text.jsonl"), line: 2, column: "text", found: ["label"]))
        // CSV has every column on every row: an empty field is the missing value
        let emptyLabel = try Self.error("bad/empty-label.csv")
        #expect(emptyLabel == .invalidValue(Self.fixture("bad/empty-label.csv"), line: 3, column: "label", detail: "the label is empty"))
        let emptyText = try Self.error("bad/empty-text.csv")
        #expect(emptyText == .invalidValue(Self.fixture("bad/empty-text.csv"), line: 3, column: "text", detail: "the text is empty"))
        #expect(emptyText.description.contains("empty-text.csv, line 3: column \"text\""))
    }

    @Test func wrongHeaderValueTypeAndEmptyFiles() throws {
        #expect(try Self.error("bad/no-label-column.csv")
            == .missingColumn(Self.fixture("bad/no-label-column.csv"), line: 1, column: "label", found: ["text", "topic"]))
        let fraction = try Self.error("bad/label-not-integer.jsonl")
        guard case .invalidValue(_, line: 1, column: "label", let detail) = fraction else {
            Issue.record("unexpected \(fraction)"); return
        }
        #expect(detail.contains("expected a string or an integer"))
        #expect(try Self.error("bad/empty.jsonl") == .emptyDataset(Self.fixture("bad/empty.jsonl"), line: 0))
        #expect(try Self.error("bad/header-only.csv") == .emptyDataset(Self.fixture("bad/header-only.csv"), line: 1))
        let missing = try Self.error("no-such-file.jsonl")
        #expect(missing.description.contains("no-such-file.jsonl: cannot be read: no such file"))
    }

    @Test func inMemoryShapesAreChecked() throws {
        #expect(throws: DatasetError.self) { try LabelledTextDataset(texts: ["a"], labels: []) }
        #expect(throws: DatasetError.self) { try LabelledTextDataset(texts: [], labels: []) }
        #expect(try LabelledTextDataset(texts: ["a", "b"], labels: ["x", "y"]).count == 2)
    }

    @Test func builtInTasksSayHowToInstallThem() throws {
        let folder = try TemporaryFolder(prefix: "wb-no-datasets")
        let errors: [DatasetError] = [
            try #require(throws: DatasetError.self) { try LabelledTextDataset.legalTopics(split: .train, root: folder.url) },
            try #require(throws: DatasetError.self) { try LabelledTextDataset.legalCharges(split: .test, root: folder.url) },
            try #require(throws: DatasetError.self) { try LabelledTextDataset.legalTopicClustering(root: folder.url) },
        ]
        for e in errors {
            #expect(e.description.contains("bash scripts/setup.sh") && e.description.contains("datasets/legal-zh-tasks/"), "\(e)")
        }
        let dev = try #require(throws: DatasetError.self) { try LabelledTextDataset.legalTopics(split: .dev, root: folder.url) }
        #expect(dev.description.contains("train and test splits only"))
    }

    // MARK: - The built tasks (scripts/setup.sh builds them; missing, the tests fail, naming the set-up)

    static let taskFiles = ["topic-classification/train.jsonl", "topic-classification/test.jsonl",
                            "charge-classification/train.jsonl", "charge-classification/test.jsonl",
                            "topic-clustering/test.jsonl"]

    @Test func legalTopicsAreStratified() throws {
        _ = try RealAssets.dataset("legal-zh-tasks", files: Self.taskFiles)
        let train = try LabelledTextDataset.legalTopics(split: .train, root: Repository.root)
        let test = try LabelledTextDataset.legalTopics(split: .test, root: Repository.root)
        #expect(train.name == "legal-topics-train" && test.name == "legal-topics-test")
        #expect(train.count == 400 && test.count == 100)
        #expect(Set(train.labelNames) == Set(test.labelNames) && train.labelNames.count == 20)
        #expect(train.labelCounts.values.allSatisfy { $0 == 20 } && test.labelCounts.values.allSatisfy { $0 == 5 })
        #expect(Set(train.texts).isDisjoint(with: test.texts))
        #expect(train.labelNames.contains("婚姻家庭") && train.labelNames.contains("抵押担保"))

        let clustering = try LabelledTextDataset.legalTopicClustering(root: Repository.root)
        #expect(clustering.count == 500 && clustering.labelCounts.values.allSatisfy { $0 == 25 })
        // the clustering texts are the classification texts, with the same labels
        let labelled = Dictionary(uniqueKeysWithValues: zip(train.texts + test.texts, train.labels + test.labels))
        #expect(zip(clustering.texts, clustering.labels).allSatisfy { labelled[$0.0] == $0.1 })
    }

    @Test func legalChargesKeepSingleChargeCasesOfFrequentCharges() throws {
        _ = try RealAssets.dataset("legal-zh-tasks", files: Self.taskFiles)
        let train = try LabelledTextDataset.legalCharges(split: .train, root: Repository.root)
        let test = try LabelledTextDataset.legalCharges(split: .test, root: Repository.root)
        // the counts in datasets/legal-zh-tasks/README.md
        #expect(train.count == 149 && test.count == 35)
        #expect(train.labelNames.count == 35 && Set(train.labelNames) == Set(test.labelNames))
        #expect(test.labelCounts.values.allSatisfy { $0 == 1 })                 // round(20 % of 5 or 6) = 1
        let all = train.labelCounts.merging(test.labelCounts, uniquingKeysWith: +)
        #expect(all.values.allSatisfy { (5...6).contains($0) })
        #expect(train.labels.allSatisfy { !$0.contains(";") })                  // single charges only
        #expect(Set(train.texts).isDisjoint(with: test.texts))
        #expect(train.texts.allSatisfy { !$0.hasPrefix("事实:") })
    }
}
