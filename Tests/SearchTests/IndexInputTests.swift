import Datasets
import Foundation
import Models
import Search
import Tensors
import Testing
import TestSupport

/// Corpora and query files with a bad line, and an index searched with another model: refused, naming the place.
@Suite struct IndexInputTests {
    @Test func aCorpusWithADuplicateIdNamesBothLines() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("corpus.jsonl", text: """
            {"_id": "a", "text": "first"}

            {"_id": "b", "text": "second"}
            {"_id": "a", "text": "third"}
            """)
        #expect(throws: DatasetError.inconsistentIDs(url, line: 4, detail: "id \"a\" is listed twice (also on line 1)")) { try IndexCorpus.load(url) }
    }

    @Test func aCorpusWithAnEmptyTextNamesItsLine() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("corpus.jsonl", text: "{\"_id\": 1, \"text\": \"fine\"}\n{\"_id\": 2, \"text\": \"  \"}\n")
        #expect(throws: SearchError.badCorpus(path: url.path, line: 2, detail: "passage \"2\" has an empty text")) { try IndexCorpus.load(url) }
        let lines = try folder.write("corpus.txt", text: "one passage\n\nanother\n")
        #expect(throws: SearchError.badCorpus(path: lines.path, line: 2, detail: "passage \"2\" has an empty text")) { try IndexCorpus.load(lines) }
    }

    @Test func aCorpusWithAMalformedLineOrNoTextNamesTheLine() throws {
        let folder = try TemporaryFolder()
        let broken = try folder.write("a.jsonl", text: "{\"_id\": \"a\", \"text\": \"x\"}\n{\"_id\": \"b\", \"text\": \n")
        #expect { try IndexCorpus.load(broken) } throws: { "\($0)".hasPrefix("\(broken.path), line 2: malformed JSON") }
        let noText = try folder.write("b.jsonl", text: "{\"_id\": \"a\", \"body\": \"x\"}\n")
        #expect(throws: DatasetError.missingColumn(noText, line: 1, column: "text", found: ["_id", "body"])) { try IndexCorpus.load(noText) }
        // a BEIR folder is read through its corpus.jsonl
        _ = try folder.write("beir/corpus.jsonl", text: "{\"_id\": \"x\", \"title\": \"T\", \"text\": \"body\"}\n")
        let beir = try IndexCorpus.load(folder.appendingPathComponent("beir"))
        #expect(beir.ids == ["x"] && beir.texts == ["T body"])
    }

    @Test func aQueriesFileWithABadLineNamesFileAndLine() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("q.jsonl", text: "{\"_id\": \"q1\", \"text\": \"fine\"}\n{\"_id\": \"q2\", \"query\": \"no text field\"}\n")
        #expect(throws: DatasetError.missingColumn(url, line: 2, column: "text", found: ["_id", "query"])) { try QueryFile.load(url) }
        let empty = try folder.write("e.jsonl", text: "{\"_id\": \"q1\", \"text\": \"a\"}\n{\"_id\": \"q2\", \"text\": \" \"}\n")
        #expect(throws: SearchError.badQueries(path: empty.path, line: 2, detail: "the query text is empty")) { try QueryFile.load(empty) }
        var bytes = Data("good line\n".utf8)
        bytes.append(contentsOf: [0x66, 0xff, 0x0a])
        let binary = try folder.write("q.txt", bytes)
        #expect(throws: DatasetError.invalidUTF8(binary, line: 2)) { try QueryFile.load(binary) }
        let ok = try QueryFile.load(try folder.write("ok.jsonl", text: "{\"_id\": \"x\", \"text\": \"a\"}\n\n{\"_id\": 7, \"text\": \"b\"}\n"))
        #expect(ok.ids == ["x", "7"] && ok.texts == ["a", "b"])
        let lines = try QueryFile.load(try folder.write("q2.txt", text: "first\n\nthird\n"))
        #expect(lines.ids == ["1", "3"] && lines.texts == ["first", "third"])
    }

    @Test func anIndexBuiltByOneModelIsNotSearchedWithAnotherNamingBothFingerprints() throws {
        let folder = try TemporaryFolder()
        let index = try SearchFixture.shared.index(in: folder)
        let other = FakeEmbedder(fingerprint: "f2")
        #expect {
            try IndexEncoding.checkModel(other, name: "other-model", for: index)
        } throws: { error in
            error as? SearchError == .modelMismatch(index: index.url.path, indexModel: "fixture-model", indexFingerprint: "f1",
                                                   model: "other-model", modelFingerprint: "f2")
                && "\(error)".contains("fixture-model (fingerprint f1), not by other-model (fingerprint f2)")
        }
        #expect(throws: Never.self) { try IndexEncoding.checkModel(FakeEmbedder(fingerprint: "f1"), name: "same", for: index) }
    }
}

/// A model that is only a fingerprint (what the model check compares).
final class FakeEmbedder: TextEmbedder {
    let print: String
    init(fingerprint: String) { print = fingerprint }
    var displayName: String { "fake" }
    func fingerprint() throws -> String { print }
    var knownDimension: Int? { 48 }
    var rolePrompts: RolePrompts { .none }
    func embed(_ texts: [String], prompt: String?) throws -> Tensor { Tensor(shape: [texts.count, 48]) }
}
