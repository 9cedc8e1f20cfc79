import Evaluation
import Foundation
import Models
import Search
import Tensors
import Testing
import TestSupport

/// Corpus encoding for an index goes through the embedding cache a chunk at a time: every chunk reported, a
/// second build encodes nothing, and the vectors come back in corpus order.
@Suite struct IndexEncodingTests {
    @Test func chunksAreReportedCachedAndKeptInOrder() throws {
        let folder = try TemporaryFolder()
        let store = EmbeddingStore(root: folder.url)
        let model = CountingEmbedder()
        let texts = (0..<2500).map { "text \($0)" }
        var reported: [Int] = []
        let first = try IndexEncoding.embed(texts, prompt: "passage: ", model: model, store: store) { reported.append($0) }
        #expect(reported == [1024, 2048, 2500])
        #expect(model.encoded == 2500 && model.prompts == ["passage: "])
        #expect(first.shape == [2500, 4])
        #expect(first.data[1234 * 4] == 1234 && first.data[2499 * 4 + 3] == 2499 * 3)
        let again = try IndexEncoding.embed(texts, prompt: "passage: ", model: model, store: EmbeddingStore(root: folder.url))
        #expect(model.encoded == 2500)                      // all from the cache files
        #expect(Array(UnsafeBufferPointer(start: again.data, count: again.count)) == Array(UnsafeBufferPointer(start: first.data, count: first.count)))
    }
}

/// The vector of "text i" is (i, i, 2i, 3i); counts the texts it was asked to encode.
final class CountingEmbedder: TextEmbedder {
    var encoded = 0
    var prompts = Set<String>()
    var displayName: String { "counting" }
    func fingerprint() throws -> String { "counting-1" }
    var knownDimension: Int? { 4 }
    var rolePrompts: RolePrompts { RolePrompts(query: "query: ", document: "passage: ") }
    func embed(_ texts: [String], prompt: String?) throws -> Tensor {
        encoded += texts.count
        if let prompt { prompts.insert(prompt) }
        let values = texts.flatMap { t -> [Float] in
            let i = Float(Int(t.split(separator: " ")[1])!)
            return [i, i, 2 * i, 3 * i]
        }
        return Tensor(shape: [texts.count, 4], scalars: values)
    }
}
