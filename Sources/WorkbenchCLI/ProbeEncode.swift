import ArgumentParser
import Foundation
import Workbench

/// `workbench probe-encode SPEC` (hidden): one candidate's encode speed and peak memory as a JSON line, measured
/// in this fresh process — what a model selection runs per candidate (`EncodeProbe`).
struct ProbeEncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe-encode", abstract: "Measure one model's encode speed and peak memory (JSON).", shouldDisplay: false)

    @Argument(help: "A model folder, run folder or openai:<base-url>#<model>.") var model: String
    @Option(help: "Texts in the timed sample (half legal-zh passages, half STS-B sentences).") var texts = 512
    @Option(help: "Timed passes over the sample (a local model's speed is the median pass's; an API model is timed once).") var passes = 3

    func run() throws {
        let probe: EncodeProbe
        do { probe = try EncodeProbe.measure(spec: model, texts: max(texts, 2), passes: max(passes, 1)) } catch { throw CLIError("\(error)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        print(String(decoding: try encoder.encode(probe), as: UTF8.self))
    }
}
