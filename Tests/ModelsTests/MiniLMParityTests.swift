import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

/// all-MiniLM-L6-v2 sentence embeddings against sentence-transformers on 70 varied texts
/// (fixtures from `Fixtures/make_embedding_fixtures.py`). Needs `models/all-MiniLM-L6-v2`
/// from `scripts/setup.sh`, which the test command runs first; without it the suite fails, saying so.
@Suite(.serialized) struct MiniLMParityTests {
    struct Fixture: Decodable {
        let texts: [String]
        let num_tokens: [Int]
        let embeddings: [[Float]]
        let no_normalize: [[Float]]
        let cls_pooling: [[Float]]
        let max_pooling: [[Float]]
    }

    let fixture: Fixture
    let model: SentenceTransformer

    init() throws {
        fixture = try Bundle.module.decodeFixture(Fixture.self, "embeddings_minilm.json")
        model = try SentenceTransformer(folder: RealAssets.model("all-MiniLM-L6-v2"))
    }

    static func worst(_ got: Tensor, _ expected: [[Float]]) -> Float {
        let d = got.shape[1]
        var worst: Float = 0
        for (i, row) in expected.enumerated() {
            for j in 0..<d { worst = max(worst, abs(got.data[i * d + j] - row[j])) }
        }
        return worst
    }

    @Test func tokenCountsMatch() {
        for (text, count) in zip(fixture.texts, fixture.num_tokens) {
            #expect(model.tokenize([text]).sequenceLength == count, "\(text.prefix(40))")
        }
    }

    @Test func embeddingsMatchSentenceTransformers() throws {
        #expect(fixture.texts.count >= 60)
        let got = try model.encode(fixture.texts, batchSize: 16)
        let worst = Self.worst(got, fixture.embeddings)
        #expect(worst <= 1e-4, "max |Δ| = \(worst)")
    }

    @Test func poolingModesMatch() throws {
        let texts = Array(fixture.texts.prefix(8))
        let batch = model.tokenize(texts)
        let hidden = GradMode.withoutGradients { try! model.model(batch) }       // [8, T, 384]
        let mask = batch.maskTensor
        #expect(Self.worst(Pooling(mode: .mean)(hidden, mask: mask), fixture.no_normalize) <= 1e-4)
        #expect(Self.worst(Pooling(mode: .cls)(hidden, mask: mask), fixture.cls_pooling) <= 1e-4)
        #expect(Self.worst(Pooling(mode: .max)(hidden, mask: mask), fixture.max_pooling) <= 1e-4)
    }
}
