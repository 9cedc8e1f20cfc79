import ArgumentParser
import Foundation
import Models

/// Options shared by the commands that load a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "A sentence-transformers or HuggingFace model folder.")
    var model: String = "models/all-MiniLM-L6-v2"

    @Option(name: .long, help: "Truncate inputs to this many tokens (default: the model's max_seq_length).")
    var maxSeqLength: Int?

    @Option(name: .long, help: "Text put in front of every input, e.g. \"query: \".")
    var prompt: String?

    @Option(name: .long, help: "Use the model folder's prompt of this name (config_sentence_transformers.json), e.g. query or passage.")
    var promptName: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "L2-normalise the embeddings (default: as the model's modules.json says).")
    var normalize: Bool?

    /// The prompt to put in front of every input: `--prompt`, or the folder's prompt named by `--prompt-name`.
    func resolvedPrompt(_ st: SentenceTransformer) throws -> String? {
        guard let promptName else { return prompt }
        guard prompt == nil else { throw CLIError("give --prompt or --prompt-name, not both") }
        guard let text = st.folder.prompts[promptName] else {
            let known = st.folder.prompts.keys.sorted()
            throw CLIError("--prompt-name \(promptName): \(model) has " + (known.isEmpty ? "no prompts" : "the prompts \(known.joined(separator: ", "))"))
        }
        return text
    }

    /// Loads the model, turning any loading error into a message that names the file.
    func load() throws -> SentenceTransformer {
        let url = URL(fileURLWithPath: model)
        let st: SentenceTransformer
        do { st = try SentenceTransformer(folder: url) } catch {
            throw CLIError("cannot load model: \(error)")
        }
        if let maxSeqLength {
            guard maxSeqLength >= 2, maxSeqLength <= st.model.config.maxSequenceLength else {
                throw CLIError("--max-seq-length \(maxSeqLength) must be within 2...\(st.model.config.maxSequenceLength) for \(model)")
            }
            st.maxSeqLength = maxSeqLength
        }
        if let normalize { st.normalize = normalize }
        return st
    }
}
