import Foundation
import Testing
@testable import Datasets
import TestSupport

/// `RerankingDataset`: loading `{"query", "positive", "negative"}` JSONL, the located errors, and the built legal
/// reranking task `datasets/legal-zh-tasks/rerank/test.jsonl` checked against legal-zh's test qrels.
/// Fixture files: `Fixtures/reranking/` (written by `make_task_fixtures.py` there).
@Suite struct RerankingDatasetTests {
    static let fixtures = try! Bundle.module.fixtures
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent("reranking/\(name)") }

    static func error(_ name: String) throws -> DatasetError {
        try #require(throws: DatasetError.self) { try RerankingDataset.load(fixture(name)) }
    }

    @Test func samplesWithListsEmptyListsAndBareStrings() throws {
        let d = try RerankingDataset.load(Self.fixture("samples.jsonl"))
        #expect(d.name == "samples" && d.count == 3)
        #expect(d.samples[0] == .init(query: "公司法第六十条", positive: ["一人有限责任公司章程由股东制定。"],
                                      negative: ["国家保障妇女的权利。", "合同成立的时间。"]))
        #expect(d.samples[1] == .init(query: "two positives", positive: ["p1", "p2"], negative: []))
        #expect(d.samples[2] == .init(query: "bare strings", positive: ["p"], negative: ["n"]))
        #expect(d.files == [Self.fixture("samples.jsonl")])
    }

    @Test func badRowsNameTheFileAndLine() throws {
        #expect(try Self.error("bad/missing-negative.jsonl")
            == .missingColumn(Self.fixture("bad/missing-negative.jsonl"), line: 2, column: "negative", found: ["positive", "query"]))
        #expect(try Self.error("bad/missing-query.jsonl")
            == .missingColumn(Self.fixture("bad/missing-query.jsonl"), line: 1, column: "query", found: ["negative", "positive"]))
        let number = try Self.error("bad/number-in-list.jsonl")
        #expect(number == .invalidValue(Self.fixture("bad/number-in-list.jsonl"), line: 3, column: "negative",
                                        detail: "element 1: expected a string, found a number (3)"))
        #expect(number.description.contains("number-in-list.jsonl, line 3: column \"negative\": element 1"))
        #expect(try Self.error("bad/empty-query.jsonl")
            == .invalidValue(Self.fixture("bad/empty-query.jsonl"), line: 1, column: "query", detail: "the value is an empty text"))
        let object = try Self.error("bad/positive-object.jsonl")
        #expect(object == .invalidValue(Self.fixture("bad/positive-object.jsonl"), line: 1, column: "positive",
                                        detail: "expected an array of strings or a string, found an object"))
        guard case .malformedLine(_, line: 2, _) = try Self.error("bad/malformed.jsonl") else {
            Issue.record("malformed.jsonl: expected a malformed line 2"); return
        }
        #expect(try Self.error("bad/empty.jsonl") == .emptyDataset(Self.fixture("bad/empty.jsonl"), line: 2))
        #expect(throws: DatasetError.self) { try RerankingDataset(samples: []) }
    }

    @Test func builtInTaskSaysHowToInstallIt() throws {
        let folder = try TemporaryFolder(prefix: "wb-no-datasets")
        let e = try #require(throws: DatasetError.self) { try RerankingDataset.legalZh(root: folder.url) }
        #expect(e.description.contains("bash scripts/setup.sh") && e.description.contains("datasets/legal-zh-tasks/rerank/test.jsonl"))
    }

    // MARK: - The built task (scripts/setup.sh builds it; missing, the test fails, naming the set-up)

    @Test func legalZhRerankMatchesTheTestQrels() throws {
        _ = try RealAssets.dataset("legal-zh-tasks", files: ["rerank/test.jsonl"])
        _ = try RealAssets.dataset("legal-zh", files: ["corpus.jsonl", "queries.jsonl", "qrels/test.tsv"])
        let rerank = try RerankingDataset.legalZh(root: Repository.root)
        let ir = try RetrievalDataset.legalZh(split: .test, root: Repository.root)
        #expect(rerank.name == "legal-zh-rerank")
        #expect(rerank.count == ir.queryIDs.count && rerank.count == 148)
        // one sample per test query, in qrels order; positives are exactly its relevant documents
        let corpusTexts = Set(ir.corpusTexts)
        for (sample, q) in zip(rerank.samples, ir.queryIDs) {
            #expect(sample.query == ir.queries[q])
            #expect(Set(sample.positive) == Set(ir.relevantDocs[q]!.map { ir.corpus[$0]! }) && sample.positive.count == ir.relevantDocs[q]!.count)
            #expect(sample.negative.count == 10 && Set(sample.negative).count == 10)
            #expect(Set(sample.negative).isDisjoint(with: sample.positive))
            #expect(sample.negative.allSatisfy { corpusTexts.contains($0) })
        }
    }
}
