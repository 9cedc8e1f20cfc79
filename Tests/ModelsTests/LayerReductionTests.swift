import Foundation
import Testing
import TestSupport
@testable import Models

/// Students by layer reduction: the layers sentence-transformers' example keeps, the student folder's embeddings
/// against the same student built in PyTorch (`make_layer_reduction_fixture.py`), and the bad layer lists.
@Suite struct LayerReductionTests {
    struct Fixture: Decodable {
        struct Case: Decodable { let keep: [Int]; let embeddings: [[Float]] }
        let texts: [String]
        let cases: [Case]
    }

    @Test func defaultLayersFollowTheExampleThenSpreadEvenly() {
        #expect(LayerReduction.defaultLayers(keeping: 6, of: 12) == [0, 2, 4, 6, 8, 10])
        #expect(LayerReduction.defaultLayers(keeping: 4, of: 12) == [1, 4, 7, 10])
        #expect(LayerReduction.defaultLayers(keeping: 3, of: 12) == [3, 7, 11])
        #expect(LayerReduction.defaultLayers(keeping: 3, of: 6) == [1, 3, 5])
        #expect(LayerReduction.defaultLayers(keeping: 5, of: 12) == [2, 4, 7, 9, 11])
        #expect(LayerReduction.defaultLayers(keeping: 6, of: 6) == [0, 1, 2, 3, 4, 5])
    }

    @Test func renumbersKeptLayersAndDropsTheOthers() {
        #expect(LayerReduction.rename("encoder.layer.3.attention.self.query.weight", keeping: [1, 3]) == "encoder.layer.1.attention.self.query.weight")
        #expect(LayerReduction.rename("bert.encoder.layer.11.output.dense.bias", keeping: [11]) == "bert.encoder.layer.0.output.dense.bias")
        #expect(LayerReduction.rename("encoder.layer.2.output.dense.bias", keeping: [1, 3]) == nil)
        #expect(LayerReduction.rename("embeddings.word_embeddings.weight", keeping: [0]) == "embeddings.word_embeddings.weight")
        #expect(LayerReduction.rename("encoder.relative_attention_bias.weight", keeping: [0]) == "encoder.relative_attention_bias.weight")
    }

    @Test func studentEqualsTheSameStudentBuiltInPyTorch() throws {
        let fixture = try Bundle.module.decodeFixture(Fixture.self, "layer_reduction.json")
        let teacher = try RealAssets.model("all-MiniLM-L6-v2")
        let out = try TemporaryFolder(prefix: "wb-student")
        for c in fixture.cases {
            let url = out.url.appendingPathComponent("L\(c.keep.count)")
            try LayerReduction.write(teacher: teacher, keeping: c.keep, to: url)
            let student = try SentenceTransformer(folder: url)
            #expect(student.model.config.numHiddenLayers == c.keep.count)
            let e = try student.encode(fixture.texts)                                 // [N, 384]
            var worst: Float = 0
            for (i, row) in c.embeddings.enumerated() {
                for (k, v) in row.enumerated() { worst = max(worst, abs(e.scalars[i * 384 + k] - v)) }
            }
            print("layer reduction \(c.keep): max |Δ| vs PyTorch = \(worst)")
            #expect(worst <= 1e-5)
            let provenance = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url.appendingPathComponent("STUDENT.json"))) as? [String: Any])
            #expect(provenance["layers_kept"] as? [Int] == c.keep && provenance["teacher_layers"] as? Int == 6)
            #expect(FileManager.default.fileExists(atPath: url.appendingPathComponent("tokenizer.json").path))
            #expect(FileManager.default.fileExists(atPath: url.appendingPathComponent("1_Pooling/config.json").path))
        }
    }

    @Test(arguments: [([Int](), "keep at least one"), ([0, 1, 2, 3, 4, 5, 6], "cannot be deeper than its teacher"),
                      ([1, 6], "layer 6 is out of range"), ([3, 1], "ascending"), ([1, 1], "ascending")])
    func badLayerListsAreRefusedBeforeAnythingIsWritten(_ layers: [Int], _ message: String) throws {
        let out = try TemporaryFolder(prefix: "wb-student")
        let url = out.url.appendingPathComponent("student")
        let error = try #require(throws: CheckpointError.self) {
            try LayerReduction.write(teacher: try RealAssets.model("all-MiniLM-L6-v2"), keeping: layers, to: url)
        }
        #expect("\(error)".contains(message) && "\(error)".contains("config.json"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
