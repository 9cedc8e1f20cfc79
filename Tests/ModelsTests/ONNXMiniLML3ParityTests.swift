import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

/// paraphrase-MiniLM-L3-v2 imported from its ONNX file (`workbench import onnx`) against onnxruntime run on
/// that same file, on 70 varied texts (fixtures from `Fixtures/make_minilm_l3_onnx_fixtures.py`, which also
/// checks Python sentence-transformers on the imported folder). Needs `models/paraphrase-MiniLM-L3-v2` from
/// `scripts/fetch-minilm-l3.sh` (part of `scripts/setup.sh`); without it the suite fails, saying so.
@Suite(.serialized) struct ONNXMiniLML3ParityTests {
    struct Fixture: Decodable {
        let onnx_sha256: String
        let max_seq_length: Int
        let texts: [String]
        let num_tokens: [Int]
        let embeddings: [[Float]]
    }

    let fixture: Fixture
    let model: SentenceTransformer

    init() throws {
        fixture = try Bundle.module.decodeFixture(Fixture.self, "minilm_l3_onnx.json")
        model = try SentenceTransformer(folder: RealAssets.model("paraphrase-MiniLM-L3-v2", step: "scripts/fetch-minilm-l3.sh"))
    }

    @Test func folderIsTheUpstreamPipeline() {
        #expect(model.model.config.numHiddenLayers == 3)
        #expect(model.model.config.numAttentionHeads == 12)
        #expect(model.dimension == 384)
        #expect(model.pooling.mode == .mean)
        #expect(!model.normalize)
        #expect(model.maxSeqLength == fixture.max_seq_length)
    }

    @Test func tokenCountsMatch() {
        for (text, count) in zip(fixture.texts, fixture.num_tokens) {
            #expect(model.tokenize([text]).sequenceLength == count, "\(text.prefix(40))")
        }
    }

    @Test func embeddingsMatchOnnxRuntime() throws {
        #expect(fixture.texts.count >= 60)
        let got = try model.encode(fixture.texts, batchSize: 16)                      // [N, 384], not normalised
        let d = got.shape[1]
        var worst: Float = 0
        for (i, row) in fixture.embeddings.enumerated() {
            for j in 0 ..< d { worst = max(worst, abs(got.data[i * d + j] - row[j])) }
        }
        print("paraphrase-MiniLM-L3-v2 (imported from ONNX) vs onnxruntime: max |Δ| = \(worst) over \(fixture.texts.count) texts")
        #expect(worst <= 1e-4, "max |Δ| = \(worst)")
    }
}
