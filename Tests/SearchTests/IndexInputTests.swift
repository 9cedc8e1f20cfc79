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
        #expect(throws: SearchError.badCorpus(path: url.path, line: 4, detail: "duplicate id \"a\" (first on line 1)")) { try IndexCorpus.load(url) }
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
        #expect { try IndexCorpus.load(broken) } throws: { "\($0)".hasPrefix("\(broken.path):2: expected one JSON object per line") }
        let noText = try folder.write("b.jsonl", text: "{\"_id\": \"a\", \"body\": \"x\"}\n")
        #expect { try IndexCorpus.load(noText) } throws: { "\($0)" == "\(noText.path):1: expected a string field \"text\" (fields: _id, body)" }
        // a BEIR folder is read through its corpus.jsonl
        _ = try folder.write("beir/corpus.jsonl", text: "{\"_id\": \"x\", \"title\": \"T\", \"text\": \"body\"}\n")
        let beir = try IndexCorpus.load(folder.appendingPathComponent("beir"))
        #expect(beir.ids == ["x"] && beir.texts == ["T body"])
    }

    @Test func aQueriesFileWithABadLineNamesFileAndLine() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("q.jsonl", text: "{\"_id\": \"q1\", \"text\": \"fine\"}\n{\"query\": \"no text field\"}\n")
        #expect(throws: SearchError.badQueries(path: url.path, line: 2, detail: "expected a string field \"text\" (fields: query)")) { try QueryFile.load(url) }
        let empty = try folder.write("e.jsonl", text: "{\"text\": \"\"}\n")
        #expect(throws: SearchError.badQueries(path: empty.path, line: 1, detail: "the query text is empty")) { try QueryFile.load(empty) }
        var bytes = Data("good line\n".utf8)
        bytes.append(contentsOf: [0x66, 0xff, 0x0a])
        let binary = try folder.write("q.txt", bytes)
        #expect(throws: SearchError.badQueries(path: binary.path, line: 2, detail: "the line is not valid UTF-8")) { try QueryFile.load(binary) }
        let ok = try QueryFile.load(try folder.write("ok.jsonl", text: "{\"text\": \"a\"}\n\n{\"_id\": 7, \"text\": \"b\"}\n"))
        #expect(ok.ids == ["1", "7"] && ok.texts == ["a", "b"])
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
