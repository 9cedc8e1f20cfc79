import Runs
import ArgumentParser
import Foundation
import Models
import Tensors

extension MatmulPrecision: ExpressibleByArgument {}

/// Encodes texts into sentence embeddings: `.npy` (float32 [N, D]) or JSON lines.
struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode texts (one per line, or JSONL with --field) into embeddings.",
        discussion: """
        Examples:
          workbench encode sentences.txt -o embeddings.npy
          cat queries.jsonl | workbench encode --field question --prompt "query: " --format jsonl
        """)

    @Argument(help: "Input file, or - / nothing for standard input.") var input: String?
    @OptionGroup var modelOptions: ModelOptions
    @Option(help: "Read JSON lines and take the text from this string field.") var field: String?
    @Option(help: "Texts per forward pass.") var batchSize = 32
    @Option(name: .shortAndLong, help: "Output file (default: standard output, JSONL only).") var output: String?
    @Option(help: "npy or jsonl (default: from the output's extension; jsonl on standard output).") var format: OutputFormat?
    @Flag(help: "Never show the progress bar.") var quiet = false
    @Option(help: "fp32, or bf16: the linear layers' products in bf16 with fp32 sums (AVX-512 BF16; see doctor).")
    var precision: MatmulPrecision = .fp32

    enum OutputFormat: String, ExpressibleByArgument { case npy, jsonl }

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        if output == nil && format == .npy { throw ValidationError("--format npy needs an output file (-o)") }
    }

    func run() throws {
        let fields = field ?? (input?.hasSuffix(".jsonl") == true ? "text" : nil)
        let texts = try TextInput.read(path: input, field: fields).texts
        let model = try modelOptions.load()
        let bar = ProgressBar(total: texts.count, unit: "texts", enabled: !quiet && texts.count > 2 * batchSize)
        let prompt = try modelOptions.resolvedPrompt(model)
        let embeddings = try MatmulPrecision.with(precision) {
            try model.encode(texts, batchSize: batchSize, prompt: prompt) { done, _ in bar.update(done) }
        }
        let format = self.format ?? (output?.hasSuffix(".npy") == true ? .npy : .jsonl)
        let data: Data
        switch format {
        case .npy:
            data = NPYWriter.data(rows: texts.count, cols: model.dimension,
                                  values: UnsafeBufferPointer(start: embeddings.data, count: embeddings.count))
        case .jsonl:
            var text = ""
            let d = model.dimension
            for i in 0..<texts.count {
                let row = (0..<d).map { String(embeddings.data[i * d + $0]) }.joined(separator: ",")
                text += "{\"index\":\(i),\"embedding\":[\(row)]}\n"
            }
            data = Data(text.utf8)
        }
        if let output {
            do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError("\(output): cannot write (\(error.localizedDescription))")
            }
            FileHandle.standardError.write(Data("wrote \(texts.count) × \(model.dimension) embeddings to \(output)\n".utf8))
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
