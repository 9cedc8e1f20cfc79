import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

/// all-mpnet-base-v2 (real weights) against sentence-transformers on the 70 texts of `Fixtures/texts.json`:
/// tokenization, sentence embeddings and the gradients of a loss on four of them
/// (fixture from `Fixtures/make_mpnet_parity_fixture.py`). Needs `models/all-mpnet-base-v2` from
/// `scripts/setup.sh` (`scripts/fetch-mpnet.sh`), which the test command runs first; without it the suite fails, saying so.
@Suite(.serialized) struct MPNetParityTests {
    struct Gradient: Decodable {
        let shape: [Int]
        let values: [Float]
        let norm: Float
    }
    struct Fixture: Decodable {
        let model_safetensors_sha256: String
        let max_seq_length: Int
        let texts: [String]
        let input_ids: [[Int32]]
        let embeddings: [[Float]]
        let grad_texts: [String]
        let R: [[Float]]
        let loss: Float
        let grads: [String: Gradient]
    }

    let fixture: Fixture
    let model: SentenceTransformer

    init() throws {
        fixture = try Bundle.module.decodeFixture(Fixture.self, "mpnet_parity.json")
        model = try SentenceTransformer(folder: RealAssets.model("all-mpnet-base-v2"))
    }

    @Test func folderReadsAsMPNet() {
        #expect(model.model.config.isMPNet && model.model.config.numHiddenLayers == 12)
        #expect(model.dimension == 768 && model.maxSeqLength == fixture.max_seq_length && model.normalize)
        #expect(model.model.config.layerNormEps == 1e-5)
    }

    @Test func tokenIdsMatch() {
        var mismatched = 0
        for (text, ids) in zip(fixture.texts, fixture.input_ids) {
            let got = model.tokenize([text]).inputIds
            if got != ids { mismatched += 1; Issue.record("\(text.prefix(40)): \(got.prefix(12)) vs \(ids.prefix(12))") }
        }
        #expect(mismatched == 0)
    }

    @Test func embeddingsMatchSentenceTransformers() throws {
        #expect(fixture.texts.count >= 60)
        let got = try model.encode(fixture.texts, batchSize: 16)                            // [70, 768]
        let worst = MiniLMParityTests.worst(got, fixture.embeddings)
        #expect(worst <= 1e-4, "max |Δ| = \(worst)")
    }

    @Test func gradientsMatchPyTorch() throws {
        model.requireGradients()
        let batch = model.tokenize(fixture.grad_texts)
        let hidden = try model.model(batch)                                                // [4, T, 768]
        let pooled = Pooling(mode: .mean)(hidden, mask: batch.maskTensor)                  // [4, 768]
        let r = Tensor(shape: [fixture.R.count, fixture.R[0].count], scalars: fixture.R.flatMap { $0 })
        let loss = (pooled * r).sum()
        #expect(abs(loss.item - fixture.loss) < 1e-4 * max(1, abs(fixture.loss)))
        let grads = loss.backward()
        let parameters = Dictionary(uniqueKeysWithValues: model.model.namedParameters)
        #expect(fixture.grads.count == 10 && fixture.grads[BertConfig.relativeAttentionBiasName] != nil)
        for (name, expected) in fixture.grads {
            guard let parameter = parameters[name], let got = grads[parameter] else {
                Issue.record("no gradient for \(name)")
                continue
            }
            #expect(got.shape == expected.shape, "\(name)")
            let norm = got.scalars.reduce(Double(0)) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - Double(expected.norm)) <= 1e-3 * Double(expected.norm), "\(name): norm \(norm) vs \(expected.norm)")
            let scale = max(expected.values.map(abs).max() ?? 0, 1e-6)
            let worst = zip(got.scalars.prefix(expected.values.count), expected.values).map { abs($0 - $1) }.max() ?? 0
            #expect(worst / scale < 1e-3, "\(name): max |Δ| \(worst) of scale \(scale)")
        }
    }
}
