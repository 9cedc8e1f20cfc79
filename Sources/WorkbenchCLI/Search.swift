import ArgumentParser
import Evaluation
import Foundation
import Models
import Runs
import Search
import Workbench

/// `workbench search INDEX --query "…"`: the best passages of an index for one query or a file of them.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search an index (workbench index build) exactly, or coarse-to-fine: a shortlist from a short prefix / int8 / binary codes, re-scored at full width.",
        discussion: """
            Examples:
              workbench search legal.wbindex --query "醉酒驾驶怎么处罚"
              workbench search legal.wbindex --queries queries.jsonl --shortlist-dim 128 --shortlist-k 100 --format jsonl
              workbench search legal.wbindex --query "…" --shortlist-dim 384 --shortlist-precision binary --shortlist-k 200
            Queries are encoded with the model that built the index (its query prompt); --model names another folder
            of the same model, and a different model is refused.
            """)

    @Argument(help: "The index file.") var index: String
    @Option(help: "One query text.") var query: String?
    @Option(help: "A file of queries: JSONL {\"_id\", \"text\"} (BEIR queries) or one per line.") var queries: String?
    @Option(help: "The model to encode queries with (default: the one recorded in the index).") var model: String?
    @OptionGroup var options: SearchOptions
    @Option(help: "table or jsonl.") var format = "table"
    @Flag(help: "Skip the SHA-256 check of the whole index file when opening it.") var noVerify = false

    func run() throws {
        guard format == "table" || format == "jsonl" else { throw CLIError("--format \(format): expected table or jsonl") }
        let input: QueryFile
        switch (query, queries) {
        case (let text?, nil):
            guard !text.allSatisfy(\.isWhitespace) else { throw CLIError("--query: the query text is empty") }
            input = QueryFile(ids: ["1"], texts: [text])
        case (nil, let path?): input = try cli { try QueryFile.load(URL(fileURLWithPath: path)) }
        default: throw CLIError("give --query TEXT or --queries FILE (one of them)")
        }
        let opened = try cli { try VectorIndex(url: URL(fileURLWithPath: index), verify: !noVerify) }
        let plan = try options.plan(for: opened)
        _ = try cli { try opened.validate(plan) }
        let encoder = try IndexCommand.queryEncoder(for: opened, model: model)
        let started = Date()
        let vectors = try cli { try encoder.embed(input.texts, prompt: opened.manifest.model.queryPrompt) }        // [Q, D]
        let encoded = Date()
        let hits = try cli { try opened.search(vectors, plan: plan) }
        let searched = Date()
        var out = ""
        for (i, list) in hits.enumerated() {
            if format == "jsonl" {
                let results = list.enumerated().map { r, h in
                    JSONValue.object(["rank": .number(Double(r + 1)), "id": .string(opened.id(h.position)), "score": .number(h.score),
                                      "stage": .string(h.stage.rawValue)])
                }
                out += JSONValue.object(["query_id": .string(input.ids[i]), "query": .string(input.texts[i]), "results": .array(results)]).jsonText + "\n"
            } else {
                var t = TextTable(["rank", "id", "score", "stage"])
                for (r, h) in list.enumerated() { t.add(["\(r + 1)", opened.id(h.position), String(format: "%.6f", h.score), h.stage.rawValue]) }
                out += "query \(input.ids[i]): \(input.texts[i])\n" + t.rendered + "\n\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        FileHandle.standardError.write(Data(String(format: "%@ over %d passages: %d queries encoded in %.1f ms, searched in %.2f ms\n",
                                                   plan.description, opened.count, input.texts.count,
                                                   1000 * encoded.timeIntervalSince(started), 1000 * searched.timeIntervalSince(encoded)).utf8))
    }
}

/// Runs `body`, turning its error into a CLI message.
func cli<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
}
