import Foundation
import Testing
@testable import Datasets

/// Vector columns (teacher embeddings): read from JSONL, batched with the texts, and bad rows named by file and line.
@Suite struct VectorColumnTests {
    static func write(_ text: String, _ name: String = "vectors.jsonl") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wb-vectors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func jsonlArraysBecomeAVectorColumnBatchedWithTheTexts() throws {
        let url = try Self.write("""
            {"sentence": "a", "teacher": [1, 2, 3]}
            {"sentence": "b", "teacher": [4.5, -5, 6e-1]}
            {"sentence": "c", "teacher": [7, 8, 9], "other": 1}
            """)
        let data = try PairDataset.load(url, columns: ["sentence"], vectors: ["teacher"])
        let teacher = try #require(data.vectorColumn("teacher"))
        #expect(teacher.width == 3 && teacher.count == 3 && teacher.values == [1, 2, 3, 4.5, -5, 0.6, 7, 8, 9])
        #expect(data.files == [url])
        let batch = data.batch([2, 0])
        #expect(batch.texts == [["c", "a"]] && batch.vectors.map(\.values) == [[7, 8, 9, 1, 2, 3]])
        #expect(try data.subset([1]).vectorColumns[0].values == [4.5, -5, 0.6])
    }

    @Test(arguments: [
        ("{\"sentence\": \"a\", \"teacher\": [1, 2]}\n{\"sentence\": \"b\", \"teacher\": [1, 2, 3]}", "line 2: column \"teacher\": a vector of 3 numbers, but the first row's has 2"),
        ("{\"sentence\": \"a\", \"teacher\": [1, \"x\"]}", "line 1: column \"teacher\": element 1 is a string (\"x\"), not a finite number"),
        ("{\"sentence\": \"a\", \"teacher\": []}", "line 1: column \"teacher\": expected a non-empty array of numbers, found an array"),
        ("{\"sentence\": \"a\", \"teacher\": 3}", "line 1: column \"teacher\": expected a non-empty array of numbers, found a number (3)"),
        ("{\"sentence\": \"a\"}", "line 1: missing column \"teacher\""),
        ("{\"sentence\": \"a\", \"teacher\": [1e39]}", "line 1: column \"teacher\": element 0 is a number"),
    ])
    func badVectorsAreNamedByFileAndLine(text: String, message: String) throws {
        let url = try Self.write(text)
        #expect { try PairDataset.load(url, columns: ["sentence"], vectors: ["teacher"]) } throws: { error in
            "\(error)".hasPrefix(url.path) && "\(error)".contains(message)
        }
    }

    @Test func vectorColumnsNeedJSONL() throws {
        let url = try Self.write("sentence,teacher\na,1\n", "v.csv")
        #expect { try PairDataset.load(url, columns: ["sentence"], vectors: ["teacher"]) } throws: { "\($0)".contains("vector columns are read from JSONL files only") }
    }

    @Test func inMemoryVectorColumnsAreChecked() throws {
        #expect(throws: DatasetError.self) { try VectorColumn(name: "t", width: 2, values: [1, 2, 3]) }
        #expect(throws: DatasetError.self) { try VectorColumn(name: "t", width: 1, values: [.nan]) }
        let d = try PairDataset(name: "d", columns: ["s"], texts: [["a", "b"]])
        #expect(throws: DatasetError.self) { try d.adding(try VectorColumn(name: "t", width: 1, values: [1, 2, 3])) }
        #expect(throws: DatasetError.self) { try d.adding(try VectorColumn(name: "s", width: 1, values: [1, 2])) }
        #expect(try d.adding(try VectorColumn(name: "t", width: 1, values: [1, 2])).vectorColumns.count == 1)
    }
}
