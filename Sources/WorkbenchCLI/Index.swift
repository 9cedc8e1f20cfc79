import ArgumentParser
import Datasets
import Evaluation
import Foundation
import Models
import Runs
import Search
import Tensors
import Workbench

/// `workbench index build|info|eval`: vector indexes on disk for `workbench search`.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build a searchable index of a corpus (full-width vectors + Matryoshka-prefix / int8 / binary shortlists), inspect it, or measure retrieval through it.",
        subcommands: [Build.self, Info.self, Evaluate.self])

    /// The model that encodes queries for `index`: `model`, else the one the index records; refused when its
    /// fingerprint differs from the index's.
    static func queryEncoder(for index: VectorIndex, model: String?) throws -> any TextEmbedder {
        let name = model ?? index.manifest.model.name
        let encoder: any TextEmbedder
        do { encoder = try ModelSpec.load(name) } catch {
            throw CLIError("cannot load \(name) to encode queries for \(index.url.path)"
                           + (model == nil ? " (the model recorded in the index; give --model)" : "") + ": \(error)")
        }
        try cli { try IndexEncoding.checkModel(encoder, name: name, for: index) }
        return encoder
    }

    /// `workbench index build`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encode a corpus (through the embedding cache) and write an index file.",
            discussion: """
                Example: workbench index build --model models/multilingual-e5-small --corpus datasets/search-corpus \\
                           --dims 128,256,384 --quantize none,int8,int4,binary -o legal.wbindex
                The corpus is a BEIR folder (corpus.jsonl), a JSONL file of {"_id", "text"}, or a text file (one passage per
                line, ids = line numbers). Passages are encoded with the model's passage prompt. Building twice from the
                same inputs writes the same bytes.
                """)

        @Option(help: "A model folder, a run folder (its model/), or openai:<base-url>#<model>.") var model: String
        @Option(help: "The passages: a BEIR folder, a JSONL file or a text file.") var corpus: String
        @Option(help: "Shortlist widths (Matryoshka prefixes) to store, comma-separated.") var dims = "64,128,256"
        @Option(help: "Shortlist precisions to store for every width: none (float32), int8, int4, binary; comma-separated.") var quantize = "none"
        @Option(name: .shortAndLong, help: "The index file to write.") var output: String
        @Flag(help: "Encode everything afresh (and write nothing to the embedding cache).") var noCache = false
        @Option(help: "The embedding cache folder (default: $WB_EMBEDDING_CACHE, else $WB_CACHE/embeddings).") var cacheDir: String?
        @Flag(help: "Never show the progress bar.") var quiet = false

        func run() throws {
            let widths = try dims.split(separator: ",").map { part -> Int in
                guard let d = Int(part.trimmingCharacters(in: .whitespaces)) else { throw CLIError("--dims \(dims): expected widths such as 64,128,256") }
                return d
            }
            let precisions = try quantize.split(separator: ",").map { part -> ShortlistPrecision in
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let p = ShortlistPrecision(quantizeName: name) else { throw CLIError("--quantize \(name): expected none, int8, int4 or binary") }
                return p
            }
            let passages = try cli { try IndexCorpus.load(URL(fileURLWithPath: corpus)) }
            let encoder: any TextEmbedder
            do { encoder = try ModelSpec.load(model) } catch { throw CLIError("cannot load \(model): \(error)") }
            if let width = encoder.knownDimension, let bad = widths.first(where: { $0 < 1 || $0 > width }) {
                throw CLIError("--dims \(bad): a shortlist width must be within 1...\(width) (\(model)'s width)")
            }
            let store = noCache ? nil : cacheDir.map { EmbeddingStore(root: URL(fileURLWithPath: $0)) } ?? EmbeddingStore.fromEnvironment()
            let prompt = encoder.rolePrompts.document
            let bar = ProgressBar(total: passages.texts.count, unit: "passages", enabled: !quiet)
            let started = Date()
            let embeddings = try cli {
                try IndexEncoding.embed(passages.texts, prompt: prompt, model: encoder, store: store) { bar.update($0) }   // [N, D]
            }
            let encodedIn = Date().timeIntervalSince(started)
            for w in store?.warnings ?? [] { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let info = try cli { try IndexEncoding.modelInfo(encoder, name: model, dimension: embeddings.shape[1]) }
            let manifest = try cli {
                try IndexBuilder(dims: widths, precisions: precisions)
                    .write(corpus: passages, embeddings: embeddings, model: info, to: URL(fileURLWithPath: output))
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            FileHandle.standardError.write(Data(String(
                format: "%d passages encoded in %.1f s (%d from the cache); wrote %@ (%.1f MiB): full %d-d float32 + %d shortlists\n",
                passages.texts.count, encodedIn, store?.hits ?? 0, output, Double(size) / 1_048_576, info.dimension,
                manifest.shortlists.count).utf8))
        }
    }

    /// `workbench index info`.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The model, corpus and stored representations of an index, with their memory.")
        @Argument(help: "The index file.") var index: String

        func run() throws {
            let opened = try cli { try VectorIndex(url: URL(fileURLWithPath: index)) }
            let m = opened.manifest
            print("index      \(index)")
            print("model      \(m.model.name)  (fingerprint \(m.model.fingerprint), \(m.model.dimension)-d)")
            print("prompts    query \(m.model.queryPrompt.map { "\"\($0)\"" } ?? "none"), passage \(m.model.documentPrompt.map { "\"\($0)\"" } ?? "none")")
            print("corpus     \(m.corpus.count) passages from \(m.corpus.source)  (sha256 \(m.corpus.sha256))")
            var t = TextTable(["representation", "MiB", "of full"])
            t.add(["full \(opened.dimension) float32", String(format: "%.1f", Double(opened.fullBytes) / 1_048_576), "1"])
            for s in m.shortlists {
                let b = s.section == "vectors.float32" ? opened.fullBytes : opened.bytes(of: s)
                t.add(["shortlist \(s.dim) \(s.precision.rawValue)" + (s.section == "vectors.float32" ? " (the full vectors)" : ""),
                       String(format: "%.1f", Double(b) / 1_048_576), String(format: "1/%.1f", Double(opened.fullBytes) / Double(b))])
            }
            print(t.rendered)
        }
    }

    /// `workbench index eval`.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Retrieval quality through an index: a BEIR task's queries searched with a strategy, scored with its qrels, and recall against exact search.")
        @Argument(help: "The index file.") var index: String
        @Option(help: "A BEIR folder (queries.jsonl, qrels/<split>.tsv); its corpus ids must be the index's.") var data: String
        @Option(help: "The qrels split.") var split = "test"
        @Option(help: "The model to encode queries with (default: the one recorded in the index).") var model: String?
        @OptionGroup var options: SearchOptions

        func run() throws {
            let opened = try cli { try VectorIndex(url: URL(fileURLWithPath: index)) }
            let plan = try options.plan(for: opened)
            _ = try cli { try opened.validate(plan) }
            guard let split = DatasetSplit(rawValue: split) else { throw CLIError("--split \(self.split): expected train, dev or test") }
            let dataset = try cli { try RetrievalDataset.load(beirFolder: URL(fileURLWithPath: data), split: split) }
            let task = try cli {
                try InformationRetrievalEvaluator(queries: dataset.queries, corpus: dataset.corpus, relevantDocs: dataset.relevantDocs,
                                                  name: dataset.name, queryPrompt: opened.manifest.model.queryPrompt)
            }
            let encoder = try IndexCommand.queryEncoder(for: opened, model: model)
            let vectors = try cli { try encoder.embed(task.queryTexts, prompt: task.queryPrompt) }                    // [Q, D]
            let retrieval = try cli { try IndexRetrieval(index: opened, task: task, queries: vectors) }
            let result = try cli { try retrieval.evaluate(plan) }
            print("\(plan) over \(opened.count) passages, \(task.queryIDs.count) queries of \(dataset.name)")
            var t = TextTable(["metric", "value"])
            for name in result.metricNames { t.add([name, String(format: "%.4f", result.metrics[name]!)]) }
            print(t.rendered)
        }
    }
}
