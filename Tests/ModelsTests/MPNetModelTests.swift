import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

/// MPNet (HF `MPNetModel`) against PyTorch on a tiny random checkpoint with a large relative-attention bias
/// (fixtures from `Fixtures/make_tiny_mpnet.py`): outputs, every parameter gradient (the bias table included),
/// the position buckets, sentence-transformers' tokenization and embeddings, and the MPNet-specific errors.
@Suite struct MPNetModelTests {
    static let folder = try! Bundle.module.fixture("tiny-mpnet")

    let reference: BertModelTests.Reference
    init() throws {
        try BLAS.load()
        reference = BertModelTests.Reference(
            file: try SafeTensorsFile(url: Self.folder.appendingPathComponent("reference.safetensors")))
    }

    @Test func configReadsAsMPNet() throws {
        let model = try BertModel(folder: Self.folder)
        #expect(model.config.isMPNet && !model.config.hasTokenTypeEmbeddings)
        #expect(model.config.positionIdOffset == 2 && model.config.layerNames == .mpnet)
        #expect(model.embeddings.tokenTypeEmbeddings == nil)
        #expect(model.relativeAttentionBias?.shape == [32, 4])
    }

    @Test func bucketsMatchTransformers() throws {
        let positions = try reference.ints("relative_position")                 // -600 … 600
        let expected = try reference.ints("bucket")
        let got = positions.map { Int32(RelativePositionBucket.bucket(Int($0))) }
        #expect(got == expected)
        // the [T·T] table is bucket(j − i) row by row
        let table = RelativePositionBucket.table(length: 5)
        #expect(table[1 * 5 + 3] == Int32(RelativePositionBucket.bucket(2)))
        #expect(table[3 * 5 + 0] == Int32(RelativePositionBucket.bucket(-3)))
    }

    @Test func forwardMatchesTransformers() throws {
        let model = try BertModel(folder: Self.folder)
        let batch = try reference.batch
        let hidden = try model(batch)                                                    // [B, T, H], unpadded
        let expected = try reference.tensor("last_hidden_state")
        #expect(maxAbsDiff(hidden, expected, mask: batch.attentionMask) < 1e-5)
        let pooled = Pooling(mode: .mean)(hidden, mask: batch.maskTensor)                // [B, H]
        #expect(maxAbsDiff(pooled, try reference.tensor("mean_pooled")) < 1e-5)
        model.unpadded = false                                                           // padded, as HF: padding too
        #expect(maxAbsDiff(try model(batch), expected) < 1e-5)
    }

    @Test func gradientsMatchTransformers() throws {
        let model = try BertModel(folder: Self.folder)
        let compared = try reference.expectGradientsMatch(model)
        // 4 embedding tensors (no token types), 16 per layer, the shared relative bias; no pooler
        #expect(compared == model.namedParameters.count && compared == 4 + 16 * 2 + 1)
        #expect(model.namedParameters.contains { $0.0 == BertConfig.relativeAttentionBiasName })
        let padded = try BertModel(folder: Self.folder)                                  // as HF, with the mask
        padded.unpadded = false
        #expect(try reference.expectGradientsMatch(padded) == compared)
    }

    @Test func sentenceTransformersTokensAndEmbeddings() throws {
        let st = try SentenceTransformer(folder: Self.folder)
        let texts = ["A man is playing a guitar.", "The dog runs in the park!", "someone plays music",
                     "Red cars drive slowly on the blue road, and the cat sleeps."]
        let batch = st.tokenize(texts)
        #expect(batch.inputIds == (try reference.ints("st_input_ids")))
        let got = try st.encode(texts)                                                   // [4, 32]
        #expect(maxAbsDiff(got, try reference.tensor("st_embeddings")) < 1e-5)
    }

    @Test func missingRelativeBiasIsNamed() throws {
        let config = try BertConfig(contentsOf: Self.folder.appendingPathComponent("config.json"))
        let source = try SafeTensorsFile(url: Self.folder.appendingPathComponent("model.safetensors"))
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("model.safetensors")
        var writer = SafeTensorsWriter(url: url)
        for name in source.names where name != BertConfig.relativeAttentionBiasName {
            try writer.add(name, shape: source.info(name)!.shape, values: try source.floats(name))
        }
        try writer.write()
        let error = #expect(throws: CheckpointError.self) { try BertCheckpoint(file: SafeTensorsFile(url: url), config: config) }
        #expect(error == .missingWeight(path: url.path, tensor: BertConfig.relativeAttentionBiasName, expectedShape: [32, 4]))
        #expect(error?.description.contains("encoder.relative_attention_bias.weight") == true)
    }

    @Test func tooFewBucketsIsAnError() throws {
        let url = Self.folder.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        json["relative_attention_num_buckets"] = 16
        let folder = try TemporaryFolder()
        let bad = folder.url.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: json).write(to: bad)
        let error = #expect(throws: CheckpointError.self) { try BertConfig(contentsOf: bad) }
        #expect(error == .invalidConfig(path: bad.path, field: "relative_attention_num_buckets",
                                        detail: "is 16, expected at least 32 (MPNet's attention uses 32 position buckets)"))
    }

    @Test func layerReductionKeepsTheRelativeBias() throws {
        let folder = try TemporaryFolder()
        let student = folder.url.appendingPathComponent("student")
        try LayerReduction.write(teacher: Self.folder, keeping: [1], to: student)
        let teacher = try BertModel(folder: Self.folder), reduced = try BertModel(folder: student)
        #expect(reduced.config.numHiddenLayers == 1 && reduced.config.isMPNet)
        #expect(reduced.relativeAttentionBias?.scalars == teacher.relativeAttentionBias?.scalars)
        #expect(reduced.layers[0].queryLinear.weight.scalars == teacher.layers[1].queryLinear.weight.scalars)
    }
}
