import Foundation
import Testing
import Models
@testable import Importers
import TestSupport

/// `workbench import onnx` on small synthetic ONNX graphs built with the generated protobuf types: the
/// graph's weights under HuggingFace names (MatMul weights transposed), a folder the workbench loads,
/// byte-identical output, and typed errors naming the file and the tensor or field for bad input.
@Suite struct ONNXImportTests {
    /// The error `body` throws, as an ImportError (nil if it throws none).
    static func importError(_ body: () throws -> Void) -> ImportError? {
        do { try body() } catch let error as ImportError { return error } catch { Issue.record("unexpected \(error)") }
        return nil
    }

    /// A temporary folder with `bert` saved as `tiny.onnx` and its vocabulary in `vocab/`.
    static func setUp(_ bert: SyntheticONNXBert = SyntheticONNXBert()) throws -> (TemporaryFolder, URL, URL) {
        let temporary = try TemporaryFolder(prefix: "wb-onnx")
        let onnx = try temporary.write("tiny.onnx", bert.bytes())
        let vocab = temporary.appendingPathComponent("vocab")
        try SyntheticONNXBert.writeVocabulary(to: vocab)
        return (temporary, onnx, vocab)
    }

    static func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["config.json", "model.safetensors", "modules.json", "1_Pooling/config.json", "sentence_bert_config.json",
                     "IMPORT.json", "README.md", "vocab.txt", "tokenizer_config.json"] {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    // MARK: - Round trip

    @Test func importsEveryWeightUnderItsHuggingFaceName() throws {
        let bert = SyntheticONNXBert()
        let (temporary, onnx, vocab) = try Self.setUp(bert)
        let out = temporary.appendingPathComponent("models/tiny")
        let summary = try ONNXImporter(source: onnx, vocabularyFrom: vocab).importModel(to: out)
        #expect(summary.tensors == 5 + 16 * 2 && summary.transposedTensors == 12 && !summary.normalize && summary.opset == 17)
        #expect(summary.upstream == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path) == ["tiny"])

        let folder = try SentenceTransformerFolder(url: out)
        let c = folder.config
        #expect(c.modelType == "bert" && c.vocabSize == 12 && c.hiddenSize == 8 && c.numHiddenLayers == 2)
        #expect(c.numAttentionHeads == 2, "heads read off the attention scale √(8 / 2)")
        #expect(c.intermediateSize == 16 && c.maxPositionEmbeddings == 128 && c.typeVocabSize == 2 && c.layerNormEps == 1e-12)
        #expect(folder.pooling.mode == .mean && !folder.normalize && folder.maxSeqLength == 128)

        let checkpoint = try folder.loadCheckpoint()
        #expect(checkpoint.file.names.count == 37)
        let p = SyntheticONNXBert.prefix
        // named initializers: copied as they are
        for name in ["embeddings.word_embeddings.weight", "encoder.layer.1.attention.output.LayerNorm.bias", "encoder.layer.0.intermediate.dense.bias"] {
            let dims = bert.initializers.first { $0.0 == p + name }!.1
            #expect(try checkpoint.file.floats(name) == SyntheticONNXBert.data(p + name, dims: dims), "\(name)")
        }
        // MatMul weights [in, out]: transposed to [out, in]
        let linears = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                       "intermediate.dense", "output.dense"]
        for layer in 0 ..< 2 {
            for (k, linear) in linears.enumerated() {
                let source = SyntheticONNXBert.matMulName(layer: layer, linear: k)
                let dims = bert.initializers.first { $0.0 == source }!.1               // [in, out]
                let w = SyntheticONNXBert.data(source, dims: dims)
                let name = "encoder.layer.\(layer).\(linear).weight"
                #expect(checkpoint.file.info(name)?.shape == [dims[1], dims[0]], "\(name)")
                let got = try checkpoint.file.floats(name)                            // [out, in]
                let expected = (0 ..< dims[1]).flatMap { o in (0 ..< dims[0]).map { i in w[i * dims[1] + o] } }
                #expect(got == expected, "\(name) is \(source) transposed")
            }
        }
        // the whole pipeline loads and runs
        let model = try SentenceTransformer(folder: out)
        let embeddings = try model.encode(["the cat sat on the mat", "a dog"])       // [2, 8]
        #expect(embeddings.shape == [2, 8] && !model.normalize)
        let importJSON = try String(contentsOf: out.appendingPathComponent("IMPORT.json"), encoding: .utf8)
        #expect(importJSON.contains("\"encoder.layer.1.output.dense.weight\": \"onnx::MatMul_111 (transposed)\""))
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let (temporary, onnx, vocab) = try Self.setUp()
        let a = temporary.appendingPathComponent("a"), b = temporary.appendingPathComponent("b")
        try ONNXImporter(source: onnx, vocabularyFrom: vocab).importModel(to: a)
        try ONNXImporter(source: onnx, vocabularyFrom: vocab).importModel(to: b)
        #expect(try Self.contents(a) == Self.contents(b))
        // an existing folder is kept unless replace
        #expect(Self.importError { try ONNXImporter(source: onnx, vocabularyFrom: vocab).importModel(to: a) } == .outputExists(path: a.path))
        try ONNXImporter(source: onnx, vocabularyFrom: vocab, maxSeqLength: 12).importModel(to: a, replace: true)
        #expect(try String(contentsOf: a.appendingPathComponent("sentence_bert_config.json"), encoding: .utf8).contains("\"max_seq_length\": 12"))
    }

    // MARK: - Bad input

    /// Asserts that importing `bert` fails with `expected`, naming the file, and leaves nothing behind.
    static func expectFailure(_ bert: SyntheticONNXBert, _ check: (ImportError, String) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (temporary, onnx, vocab) = try setUp(bert)
        let out = temporary.appendingPathComponent("models/tiny")
        let error = importError { try ONNXImporter(source: onnx, vocabularyFrom: vocab).importModel(to: out) }
        guard let error else { Issue.record("no error", sourceLocation: sourceLocation); return }
        #expect(check(error, onnx.path), "\(error)", sourceLocation: sourceLocation)
        #expect(error.path == onnx.path && error.description.hasPrefix(onnx.path + ": "), "\(error)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out.path), sourceLocation: sourceLocation)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)", sourceLocation: sourceLocation)
    }

    @Test func truncatedFileIsAMalformedModelProto() throws {
        let (temporary, _, vocab) = try Self.setUp()
        let bytes = try SyntheticONNXBert().bytes()
        for length in [bytes.count - 1, bytes.count / 2, 7] {
            let onnx = try temporary.write("cut-\(length).onnx", bytes.prefix(length))
            let error = Self.importError {
                try ONNXImporter(source: onnx, vocabularyFrom: vocab).importModel(to: temporary.appendingPathComponent("out"))
            }
            guard case .malformedProtobuf(let path, let message, let reason)? = error else {
                Issue.record("\(length) bytes: \(String(describing: error))")
                continue
            }
            #expect(path == onnx.path && message == "onnx.ModelProto" && reason.hasPrefix("truncated"), "\(reason)")
            #expect(error!.description.contains("cut-\(length).onnx: onnx.ModelProto: not a valid protobuf serialisation: truncated"))
        }
        #expect(!FileManager.default.fileExists(atPath: temporary.appendingPathComponent("out").path))
    }

    @Test func garbageAndEmptyFilesAreRejected() throws {
        let (temporary, _, vocab) = try Self.setUp()
        let garbage = try temporary.write("garbage.onnx", Data([0xff, 0xff, 0xff, 0xff, 0x0f]))
        let empty = try temporary.write("empty.onnx", Data())
        let out = temporary.appendingPathComponent("out")
        #expect(Self.importError { try ONNXImporter(source: garbage, vocabularyFrom: vocab).importModel(to: out) }?.path == garbage.path)
        #expect(Self.importError { try ONNXImporter(source: empty, vocabularyFrom: vocab).importModel(to: out) }
            == .invalidField(path: empty.path, field: "ModelProto.graph", expected: "a graph with initializers (the weights)", found: "no graph"))
    }

    @Test func initializerShapeMustAgreeWithTheConfig() throws {
        // an anonymous MatMul weight: named, with the HF weight it would become and the config's sizes
        var bert = SyntheticONNXBert()
        let key = SyntheticONNXBert.matMulName(layer: 1, linear: 1)
        bert.reshape = [key: [8, 7]]
        try Self.expectFailure(bert) { error, path in
            guard case .invalidTensor(path, key, let expected, "shape [8, 7]") = error else { return false }
            return expected.hasPrefix("shape [8, 8] for encoder.layer.1.attention.self.key.weight ([in, out], transposed to [8, 8])")
                && expected.contains("hidden 8, 2 layers, 2 heads, intermediate 16")
        }
        // a named one
        var named = SyntheticONNXBert()
        let norm = SyntheticONNXBert.prefix + "encoder.layer.0.output.LayerNorm.weight"
        named.reshape = [norm: [7]]
        try Self.expectFailure(named) { error, path in
            guard case .invalidTensor(path, norm, let expected, "shape [7]") = error else { return false }
            return expected.hasPrefix("shape [8] for encoder.layer.0.output.LayerNorm.weight from the config")
        }
        // the feed-forward width disagreeing between the bias (the config's source) and the weight
        var ff = SyntheticONNXBert()
        let up = SyntheticONNXBert.matMulName(layer: 0, linear: 4)
        ff.reshape = [up: [8, 15]]
        try Self.expectFailure(ff) { error, path in
            if case .invalidTensor(path, up, _, "shape [8, 15]") = error { return true }
            return false
        }
    }

    @Test func missingTensorsAreNamed() throws {
        // a named initializer
        var bert = SyntheticONNXBert()
        let bias = SyntheticONNXBert.prefix + "encoder.layer.1.attention.output.LayerNorm.bias"
        bert.drop = [bias]
        try Self.expectFailure(bert) { error, path in error == .missingTensor(path: path, tensor: bias) }
        // an anonymous MatMul weight: named by the HF weight it would be and the bias that locates it
        var anonymous = SyntheticONNXBert()
        anonymous.drop = [SyntheticONNXBert.matMulName(layer: 0, linear: 2)]
        try Self.expectFailure(anonymous) { error, path in
            guard case .missingTensor(path, let tensor) = error else { return false }
            return tensor.hasPrefix(SyntheticONNXBert.prefix + "encoder.layer.0.attention.self.value.weight (")
                && tensor.contains("'\(SyntheticONNXBert.prefix)encoder.layer.0.attention.self.value.bias'")
        }
        // the bias that locates a MatMul weight
        var noBias = SyntheticONNXBert()
        let queryBias = SyntheticONNXBert.prefix + "encoder.layer.1.attention.self.query.bias"
        noBias.drop = [queryBias]
        try Self.expectFailure(noBias) { error, path in error == .missingTensor(path: path, tensor: queryBias) }
        // no BERT at all
        var empty = SyntheticONNXBert()
        empty.drop = [SyntheticONNXBert.prefix + "embeddings.word_embeddings.weight"]
        try Self.expectFailure(empty) { error, path in error == .missingTensor(path: path, tensor: "embeddings.word_embeddings.weight") }
    }

    @Test func vocabularyMustMatchTheEmbeddingTable() throws {
        let (temporary, onnx, _) = try Self.setUp()
        let wrong = temporary.appendingPathComponent("wrong-vocab")
        try SyntheticONNXBert.writeVocabulary(to: wrong, extra: ["extra"])
        let error = Self.importError {
            try ONNXImporter(source: onnx, vocabularyFrom: wrong).importModel(to: temporary.appendingPathComponent("out"))
        }
        #expect(error == .invalidField(
            path: wrong.path, field: "vocabulary size",
            expected: "12 (the rows of embeddings.word_embeddings.weight in tiny.onnx)", found: "13"))
        let none = temporary.appendingPathComponent("no-tokenizer")
        try FileManager.default.createDirectory(at: none, withIntermediateDirectories: true)
        guard case .ioFailure(none.path, _, _)? = Self.importError({
            try ONNXImporter(source: onnx, vocabularyFrom: none).importModel(to: temporary.appendingPathComponent("out"))
        }) else { Issue.record("no tokenizer accepted"); return }
    }
}
