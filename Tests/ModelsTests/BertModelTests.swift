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
        let expected = try reference.tensor("last_hidden_state")
        let hidden = try model(batch)                                                   // [B, T, H], unpadded
        #expect(maxAbsDiff(hidden, expected, mask: batch.attentionMask) < 1e-5)
        #expect(maxAbsDiff(hidden, Tensor(shape: hidden.shape), mask: batch.attentionMask.map { 1 - $0 }) == 0) // zeros at padding
        let pooled = Pooling(mode: .mean)(hidden, mask: batch.maskTensor)
        #expect(maxAbsDiff(pooled, try reference.tensor("mean_pooled")) < 1e-5)
        model.unpadded = false                                                          // padded, as HF: padding too
        #expect(maxAbsDiff(try model(batch), expected) < 1e-5)
        #expect(batch.attentionMask.contains(0), "the reference batch has padding")
    }

    @Test func gradientsMatchTransformers() throws {
        let model = try BertModel(folder: Self.folder)
        let compared = try reference.expectGradientsMatch(model)
        #expect(compared == model.namedParameters.count && compared == 5 + 16 * 2)
        let padded = try BertModel(folder: Self.folder)                                  // as HF, with the mask
        padded.unpadded = false
        #expect(try reference.expectGradientsMatch(padded) == compared)
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

/// The largest |a − b| over the rows of [B, T, H] tensors whose mask [B·T] is 1.
func maxAbsDiff(_ a: Tensor, _ b: Tensor, mask: [Int32]) -> Float {
    precondition(a.shape == b.shape && a.rank == 3 && mask.count == a.shape[0] * a.shape[1])
    let h = a.shape[2], x = a.scalars, y = b.scalars
    var m: Float = 0
    for (row, keep) in mask.enumerated() where keep != 0 {
        for c in 0..<h { m = max(m, abs(x[row * h + c] - y[row * h + c])) }
    }
    return m
}

func maxAbsDiff(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.count == b.count, "\(a.shape) vs \(b.shape)")
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}

