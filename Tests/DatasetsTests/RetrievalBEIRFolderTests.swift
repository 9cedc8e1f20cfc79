import Foundation
import Testing
@testable import Datasets
import TestSupport

/// `RetrievalDataset.load(beirFolder:split:)`: a BEIR folder (`corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`).
@Suite struct RetrievalBEIRFolderTests {
    static let retrieval = try! Bundle.module.fixtures.appendingPathComponent("retrieval")

    /// A BEIR folder made of the `Fixtures/retrieval/` files, `qrels` (a file there) as `qrels/<split>.tsv`.
    static func folder(qrels: String = "qrels.tsv", split: String = "test") throws -> TemporaryFolder {
        let folder = try TemporaryFolder(prefix: "wb-beir")
        try folder.copy(retrieval.appendingPathComponent("corpus.jsonl"))
        try folder.copy(retrieval.appendingPathComponent("queries.jsonl"))
        try folder.copy(retrieval.appendingPathComponent(qrels), as: "qrels/\(split).tsv")
        return folder
    }

    @Test func loadsTheSameAsTheThreeFiles() throws {
        let folder = try Self.folder()
        let d = try RetrievalDataset.load(beirFolder: folder.url, split: .test)
        let files = try RetrievalDataset.load(queries: Self.retrieval.appendingPathComponent("queries.jsonl"),
                                              corpus: Self.retrieval.appendingPathComponent("corpus.jsonl"),
                                              qrels: Self.retrieval.appendingPathComponent("qrels.tsv"))
        #expect(d.queryIDs == files.queryIDs && d.corpusIDs == files.corpusIDs && d.relevantDocs == files.relevantDocs)
        #expect(d.queries == files.queries && d.corpus == files.corpus)
        #expect(d.name == "\(folder.url.lastPathComponent)-test")
        #expect(d.files.map(\.lastPathComponent) == ["queries.jsonl", "corpus.jsonl", "test.tsv"])
    }

    @Test func errorsNameTheFolderFiles() throws {
        let folder = try Self.folder(split: "dev")
        let missing = try #require(throws: DatasetError.self) { try RetrievalDataset.load(beirFolder: folder.url, split: .test) }
        #expect(missing.description.contains("qrels/test.tsv: cannot be read: no such file"))
        #expect(try RetrievalDataset.load(beirFolder: folder.url, split: .dev, name: "mine").name == "mine")
        // the checks of load(queries:corpus:qrels:) apply: a qrels row naming an unknown document
        let unknown = try Self.folder(qrels: "qrels-unknown-doc.tsv")
        let e = try #require(throws: DatasetError.self) { try RetrievalDataset.load(beirFolder: unknown.url) }
        guard case .inconsistentIDs(let url, _, _) = e else { Issue.record("unexpected \(e)"); return }
        #expect(url.path.hasSuffix("qrels/test.tsv"))
    }
}
