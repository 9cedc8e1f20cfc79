import Foundation
import Testing
import Tensors
@testable import Models
import TestSupport

/// The BERT encoder against PyTorch `transformers.BertModel` on a tiny random checkpoint
/// (fixtures from `Fixtures/make_tiny_bert.py`): outputs and every parameter gradient.
@Suite struct BertModelTests {
    static let folder = try! Bundle.module.fixture("tiny-bert")

    struct Reference {
        let file: SafeTensorsFile
        func tensor(_ name: String) throws -> Tensor {
            Tensor(shape: file.info(name)!.shape, scalars: try file.floats(name))
        }
        func ints(_ name: String) throws -> [Int32] { try file.floats(name).map { Int32($0) } }
        /// The fixture's padded batch; token types all 0 when it has none (MPNet).
        var batch: TokenBatch {
            get throws {
                let shape = file.info("input_ids")!.shape
                let mask = try ints("attention_mask")
                let types = file.info("token_type_ids") == nil ? [Int32](repeating: 0, count: mask.count) : try ints("token_type_ids")
                return TokenBatch(batchSize: shape[0], sequenceLength: shape[1], inputIds: try ints("input_ids"),
                                  attentionMask: mask, tokenTypeIds: types,
                                  lengths: (0..<shape[0]).map { b in Int(mask[(b * shape[1])..<((b + 1) * shape[1])].reduce(0, +)) })
            }
        }

        /// Checks every parameter gradient of `model` for loss = (mean_pooled · R).sum() against `grad.<name>`;
        /// returns how many were compared.
        func expectGradientsMatch(_ model: BertModel) throws -> Int {
            model.requireGradients()
            let batch = try batch
            let pooled = Pooling(mode: .mean)(try model(batch), mask: batch.maskTensor)     // [B, H]
            let loss = (pooled * (try tensor("R"))).sum()
            #expect(abs(loss.item - (try tensor("loss")).item) < 1e-5)
            let grads = loss.backward()
            var compared = 0
            for (name, parameter) in model.namedParameters {
                let expected = try tensor("grad.\(name)")
                guard let got = grads[parameter] else {
                    Issue.record("no gradient for \(name)")
                    continue
                }
                // key biases have an exactly-zero gradient (softmax is shift-invariant): compare absolutely there
                let scale = max(expected.scalars.map(abs).max() ?? 0, 1e-2)
                #expect(maxAbsDiff(got, expected) / scale < 1e-4, "\(name)")
                compared += 1
            }
            return compared
        }
    }

    let reference: Reference
    init() throws {
        try BLAS.load()
        reference = Reference(file: try SafeTensorsFile(url: Self.folder.appendingPathComponent("reference.safetensors")))
    }

    @Test func forwardMatchesTransformers() throws {
        let model = try BertModel(folder: Self.folder)
        let batch = try reference.batch
        let hidden = try model(batch)                                                   // [B, T, H]
        let expected = try reference.tensor("last_hidden_state")
        #expect(maxAbsDiff(hidden, expected) < 1e-5)
        let pooled = Pooling(mode: .mean)(hidden, mask: batch.maskTensor)
        #expect(maxAbsDiff(pooled, try reference.tensor("mean_pooled")) < 1e-5)
    }

    @Test func gradientsMatchTransformers() throws {
        let model = try BertModel(folder: Self.folder)
        let compared = try reference.expectGradientsMatch(model)
        #expect(compared == model.namedParameters.count && compared == 5 + 16 * 2)
    }

    @Test func dropoutIsSeededInTraining() throws {
        let model = try BertModel(folder: Self.folder)
        let batch = try reference.batch
        let a = try model(batch, training: true, seed: 1), b = try model(batch, training: true, seed: 1)
        let c = try model(batch, training: true, seed: 2), eval = try model(batch)
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        #expect(a.scalars != eval.scalars)
    }

    @Test func outOfVocabularyIdIsAnError() throws {
        let model = try BertModel(folder: Self.folder)
        let batch = TokenBatch(batchSize: 1, sequenceLength: 2, inputIds: [1, 500], attentionMask: [1, 1],
                               tokenTypeIds: [0, 0], lengths: [2])
        #expect(throws: TensorError.indexOutOfRange(index: 500, size: 99, what: "input id")) { try model(batch) }
    }
}

func maxAbsDiff(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.count == b.count, "\(a.shape) vs \(b.shape)")
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}

