import ArgumentParser
import Evaluation
import Foundation

/// `workbench cache stats|clear`: what the on-disk embedding cache holds, and emptying it.
struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect or empty the embedding cache (encodings keyed by model fingerprint, prompt and text).",
        subcommands: [Stats.self, Clear.self])

    /// Options both subcommands take.
    struct Location: ParsableArguments {
        @Option(help: "The cache folder (default: $WB_EMBEDDING_CACHE, else $WB_CACHE/embeddings).") var cacheDir: String?
        var store: EmbeddingStore {
            cacheDir.map { EmbeddingStore(root: URL(fileURLWithPath: $0)) } ?? EmbeddingStore.fromEnvironment() ?? EmbeddingStore(root: EmbeddingStore.defaultRoot)
        }
    }

    /// `workbench cache stats`.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Models, files, embeddings and bytes in the cache; damaged files.")
        @OptionGroup var location: Location

        func run() throws {
            let store = location.store
            let s = store.stats()
            print("cache       \(store.root.path)")
            print("models      \(s.models)")
            print("files       \(s.files)  (one per model and prompt)")
            print("embeddings  \(s.embeddings)")
            print("size        \(String(format: "%.1f", Double(s.bytes) / 1_048_576)) MiB")
            for f in s.damagedFiles { print("damaged     \(f)  (its intact part is used; the rest is encoded again)") }
        }
    }

    /// `workbench cache clear`.
    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every cached embedding.")
        @OptionGroup var location: Location

        func run() throws {
            let store = location.store
            do {
                let freed = try store.clear()
                print("removed \(store.root.path) (\(String(format: "%.1f", Double(freed) / 1_048_576)) MiB)")
            } catch { throw CLIError("\(error)") }
        }
    }
}
