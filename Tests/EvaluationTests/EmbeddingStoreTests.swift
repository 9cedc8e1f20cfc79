import Foundation
import Models
import Tensors
import Testing
@testable import Evaluation
import TestSupport

/// The on-disk embedding cache: hits across stores, keys by model, prompt and text, damaged files recovered,
/// and suites (means per type, Matryoshka widths, bad widths).
@Suite struct EmbeddingStoreTests {
    /// A deterministic model: each text's vector comes from its (prompt + text) hash; counts the texts it encodes.
    final class HashEmbedder: TextEmbedder {
        let seed: UInt64
        let width: Int
        var encoded = 0
        init(seed: UInt64 = 1, width: Int = 8) {
            self.seed = seed
            self.width = width
        }
        var displayName: String { "hash-\(seed)" }
        func fingerprint() throws -> String { "hash\(seed)w\(width)" }
        var knownDimension: Int? { width }
        var rolePrompts: RolePrompts { .none }
        func embed(_ texts: [String], prompt: String?) throws -> Tensor {
            encoded += texts.count
            var out: [Float] = []
            for t in texts {
                var h = seed
                for b in ((prompt ?? "") + t).utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
                for i in 0..<width { out.append(Float(Int((h >> UInt64(i * 7 % 57)) & 0xff)) / 255 - 0.5) }
            }
            return Tensor(shape: [texts.count, width], scalars: out)                  // [N, D]
        }
    }

    func rows(_ t: Tensor) -> [[Float]] {
        (0..<t.shape[0]).map { Array(UnsafeBufferPointer(start: t.data + $0 * t.shape[1], count: t.shape[1])) }
    }

    @Test func secondStoreReadsTheDiskAndEncodesNothing() throws {
        let dir = try TemporaryFolder()
        let model = HashEmbedder()
        let texts = ["a", "b", "a", "c"]
        let first = try EmbeddingStore(root: dir.url).embeddings(texts, prompt: "q: ", model: model)
        #expect(model.encoded == 3)                            // "a" once
        let store = EmbeddingStore(root: dir.url)
        let again = try store.embeddings(["c", "a", "b"], prompt: "q: ", model: model)
        #expect(model.encoded == 3)
        #expect(store.hits == 3 && store.misses == 0)
        #expect(rows(again) == [rows(first)[3], rows(first)[0], rows(first)[1]])
        #expect(rows(first) == rows(try model.embed(texts, prompt: "q: ")))
        // another prompt, another model: misses
        _ = try store.embeddings(["a"], prompt: nil, model: model)
        _ = try store.embeddings(["a"], prompt: "q: ", model: HashEmbedder(seed: 2))
        #expect(store.misses == 2 && store.hits == 3)
        let stats = store.stats()
        #expect(stats.models == 2 && stats.files == 3 && stats.embeddings == 5 && stats.damagedFiles.isEmpty)
        #expect(try store.clear() > 0)
        #expect(store.stats().files == 0)
    }

    @Test(arguments: ["truncated", "flipped", "garbage"])
    func damagedFileIsReportedCutBackAndRecomputed(_ damage: String) throws {
        let dir = try TemporaryFolder()
        let model = HashEmbedder()
        let s1 = EmbeddingStore(root: dir.url)
        let good = try s1.embeddings(["x", "y"], prompt: nil, model: model)
        let file = try #require(FileManager.default.enumerator(at: dir.url, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.first { $0.pathExtension == "wbe" })
        let firstBlock = try Data(contentsOf: file).count
        _ = try s1.embeddings(["z"], prompt: nil, model: model)              // a second block
        var bytes = try Data(contentsOf: file)
        switch damage {
        case "truncated": bytes = bytes.prefix(bytes.count - 5)
        case "flipped": bytes[bytes.count - 12] ^= 0x40
        default: bytes.append(Data("not a frame".utf8))
        }
        try bytes.write(to: file)
        #expect(EmbeddingStore(root: dir.url).stats().damagedFiles == [file.path])
        model.encoded = 0
        let s2 = EmbeddingStore(root: dir.url)
        let again = try s2.embeddings(["x", "y", "z"], prompt: nil, model: model)
        #expect(s2.warnings.count == 1 && s2.warnings[0].contains(file.path) && s2.warnings[0].contains("corrupt or truncated"))
        #expect(model.encoded == (damage == "garbage" ? 0 : 1))             // the first block survives
        #expect(rows(again).prefix(2).elementsEqual(rows(good)))
        #expect(EmbeddingStore(root: dir.url).stats().damagedFiles.isEmpty)
        if damage != "garbage" { #expect(EmbeddingStore.decodeBlocks(try Data(contentsOf: file)).goodLength > firstBlock) }
    }

    @Test func suiteMeansPerTypeAndMatryoshkaWidths() throws {
        let ir = try InformationRetrievalEvaluator(queries: ["q1": "a", "q2": "b"], corpus: ["d1": "a", "d2": "b", "d3": "c"],
                                                   relevantDocs: ["q1": ["d1"], "q2": ["d2"]], name: "ir")
        let sts = try EmbeddingSimilarityEvaluator(sentences1: ["a", "b", "c"], sentences2: ["a", "c", "b"], scores: [1, 0.2, 0.3], name: "sts")
        let suite = try EvaluationSuite(name: "s", tasks: [EvaluationTask(.retrieval, ir), EvaluationTask(.sts, sts)])
        let r = try suite.evaluate(HashEmbedder(), dims: [4, 2])
        #expect(r.kinds == [.sts, .retrieval])
        let scores = r.tasks.map(\.primaryScore)
        #expect(r.average() == (scores[0] + scores[1]) / 2)
        #expect(r.mean(of: .retrieval) == scores[0] && r.mean(of: .clustering) == nil)
        #expect(r.summaryMetrics["suite/average@2"] == r.average(atDim: 2))
        #expect(r.tasks[0].primaryScore(atDim: 4) != nil)
        #expect(throws: EvaluatorError.self) { try suite.evaluate(HashEmbedder(), dims: [8]) }
        #expect(throws: EvaluatorError.self) { try suite.evaluate(HashEmbedder(), dims: [16]) }
        #expect(throws: EvaluatorError.self) { try EvaluationSuite(name: "dup", tasks: [EvaluationTask(.sts, sts), EvaluationTask(.sts, sts)]) }
    }
}
