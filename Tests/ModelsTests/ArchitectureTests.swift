import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

/// The BERT-family layouts whose real weights are not reachable here, pinned to PyTorch on tiny random
/// checkpoints (fixtures and the script that made them: `Fixtures/architectures/`): BGE (BertModel + CLS
/// pooling + Normalize), GTE / M3E (BertModel + mean pooling) and BGE-M3's XLMRobertaModel, whose
/// position ids count real tokens from `padding_idx + 1`.
@Suite struct ArchitectureTests {
    static let root = try! Bundle.module.fixture("architectures")

    struct SentenceReference: Decodable {
        let texts: [String]
        let inputIds: [[Int32]]
        let embeddings: [[Float]]
        enum CodingKeys: String, CodingKey { case texts, inputIds = "input_ids", embeddings }
    }

    struct EncoderReference: Decodable {
        let inputIds: [[Int32]]
        let attentionMask: [[Int32]]
        let lastHiddenState: [[[Float]]]
        let clsNormalized: [[Float]]
        enum CodingKeys: String, CodingKey {
            case inputIds = "input_ids", attentionMask = "attention_mask", lastHiddenState = "last_hidden_state"
            case clsNormalized = "cls_normalized"
        }
    }

    static func load<T: Decodable>(_ type: T.Type, _ folder: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent("reference.json")))
    }

    /// The whole folder (tokenizer, encoder, pooling, normalize) against `SentenceTransformer.encode`.
    @Test(arguments: [("tiny-bge", PoolingMode.cls, true), ("tiny-gte", PoolingMode.mean, false)])
    func sentenceTransformerFolder(folder: String, pooling: PoolingMode, normalized: Bool) throws {
        let reference = try Self.load(SentenceReference.self, folder)
        let model = try SentenceTransformer(folder: Self.root.appendingPathComponent(folder))
        #expect(model.pooling.mode == pooling)
        #expect(model.normalize == normalized)
        for (text, ids) in zip(reference.texts, reference.inputIds) {
            #expect(model.tokenizer.encode(text, maxLength: model.maxSeqLength) == ids, "ids of \(text)")
        }
        let embeddings = try model.encode(reference.texts, batchSize: 2)                  // [N, D]
        let expected = Tensor(shape: embeddings.shape, scalars: reference.embeddings.flatMap { $0 })
        #expect(maxAbsDiff(embeddings, expected) < 1e-5)
    }

    /// XLM-R positions: real tokens from padding_idx + 1, padding at padding_idx; right-padded rows.
    @Test func xlmRobertaEncoder() throws {
        let reference = try Self.load(EncoderReference.self, "tiny-xlmr")
        let model = try BertModel(folder: Self.root.appendingPathComponent("tiny-xlmr"))
        #expect(model.config.modelType == "xlm-roberta" && model.config.positionIdOffset == 2)
        let (b, t) = (reference.inputIds.count, reference.inputIds[0].count)
        let mask = reference.attentionMask.flatMap { $0 }
        let batch = TokenBatch(batchSize: b, sequenceLength: t, inputIds: reference.inputIds.flatMap { $0 },
                               attentionMask: mask, tokenTypeIds: [Int32](repeating: 0, count: b * t),
                               lengths: reference.attentionMask.map { Int($0.reduce(0, +)) })
        #expect(model.embeddings.positionIds(batch).prefix(2 * t).map { Int($0) }
                == [2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 3, 4, 5, 6, 7, 1, 1, 1])
        let hidden = try model(batch)                                                           // [B, T, H]
        let h = hidden.shape[2]
        // compare real tokens only (HF's padded positions depend on its own masking of queries)
        var worst: Float = 0
        for i in 0..<b {
            for j in 0..<t where mask[i * t + j] == 1 {
                for k in 0..<h { worst = max(worst, abs(hidden.data[(i * t + j) * h + k] - reference.lastHiddenState[i][j][k])) }
            }
        }
        #expect(worst < 1e-5, "max |Δ| over real tokens \(worst)")
        let cls = Pooling(mode: .cls)(hidden, mask: batch.maskTensor).l2Normalized()             // [B, H]
        #expect(maxAbsDiff(cls, Tensor(shape: [b, h], scalars: reference.clsNormalized.flatMap { $0 })) < 1e-5)
    }
}
