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

    @Flag(name: .long, inversion: .prefixedNo, help: "L2-normalise the embeddings (default: as the model's modules.json says).")
    var normalize: Bool?

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
