// wb-search-bench: the seed's table 5.3 on this machine — exact flat search against Matryoshka-prefix, int8 and
// binary shortlists re-scored at full width, on an index built by `workbench index build` (bench/search.sh).
//
//   wb-search-bench --index bench/.work/search/e5-small.wbindex --data datasets/search-corpus --out bench/.work/search
//
// Writes <out>/wb-search.json (every strategy: single-query latency, batched throughput, Recall@10 against exact
// flat search, legal-zh nDCG@10 / Recall@10, memory; latency by corpus size) and <out>/queries.f32 (the query
// vectors, row-major float32, for the FAISS peer, which reads the corpus vectors from the index file itself).
import Datasets
import Evaluation
import Foundation
import Models
import Runs
import Search
import Tensors

struct Options {
    var index = "bench/.work/search/e5-small.wbindex"
    var data = "datasets/search-corpus"
    var out = "bench/.work/search"
    /// Queries timed one at a time (every query is used for recall and the batched timing).
    var singleQueries = 200
    var sizes = [10_000, 30_000, 100_000]
    /// Rows of the synthetic corpus (0: none).
    var synthetic = 1_000_000
    /// Only the strategies whose description contains this (e.g. "binary 384"; flat always runs).
    var only: String?

    init(_ args: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw SearchError.invalidPlan("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--index": index = try value()
            case "--data": data = try value()
            case "--out": out = try value()
            case "--single-queries": singleQueries = Int(try value()) ?? singleQueries
            case "--sizes": sizes = try value().split(separator: ",").compactMap { Int($0) }
            case "--synthetic": synthetic = Int(try value()) ?? synthetic
            case "--only": only = try value()
            default: throw SearchError.invalidPlan("unknown option \(args[i])")
            }
            i += 1
        }
    }
}

/// Seconds of `body`, by the monotonic clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}

func say(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

/// Query rows `rows` of a [Q, D] tensor.  → [rows.count, D]
func slice(_ t: Tensor, _ rows: Range<Int>) -> Tensor {
    let d = t.shape[1]
    return Tensor(shape: [rows.count, d], scalars: Array(UnsafeBufferPointer(start: t.data + rows.lowerBound * d, count: rows.count * d)))
}

/// Median single-query latency (ms) over `picks`, and the batched time per query (ms) over all of `queries`.
func latency(_ index: VectorIndex, _ queries: Tensor, plan: SearchPlan, picks: [Int]) throws -> (single: Double, batched: Double, hits: [[SearchHit]]) {
    _ = try index.search(slice(queries, 0..<1), plan: plan)                                   // warm the pages
    var times: [Double] = []
    for q in picks {
        let one = slice(queries, q..<(q + 1))
        times.append(try seconds { _ = try index.search(one, plan: plan) })
    }
    times.sort()
    var hits: [[SearchHit]] = []
    let batched = try seconds { hits = try index.search(queries, plan: plan) }
    return (1000 * times[times.count / 2], 1000 * batched / Double(queries.shape[0]), hits)
}

/// Writes an index of `rows` vectors of `index`: evenly spaced ones (every (count/rows)-th, so each part of the
/// corpus is represented) or, past its size, all of them followed by perturbed copies (x + 0.3·g/√D, g standard
/// normal from SplitMix64 seed 12, re-normalised by the builder), with the bench's shortlists.
func subIndex(of index: VectorIndex, rows: Int, at url: URL, dims: [Int], precisions: [ShortlistPrecision]) throws -> VectorIndex {
    if let existing = try? VectorIndex(url: url, verify: false), existing.count == rows,
       dims.allSatisfy({ d in precisions.allSatisfy { existing.shortlist(dim: d, precision: $0) != nil } }) {
        return existing
    }
    let d = index.dimension
    let vectors = Tensor(shape: [rows, d])                                                      // [rows, D]
    var rng = SplitMix64(seed: 12)
    let source = index.fullVectors
    for i in 0..<rows {
        let from = source + (rows <= index.count ? i * index.count / rows : i % index.count) * d
        let to = vectors.mutableData + i * d
        if i < index.count {
            to.update(from: from, count: d)
        } else {
            for j in 0..<d {
                // Box-Muller from two uniforms in (0, 1]
                let u1 = Double(rng.next() >> 11 + 1) * 0x1p-53, u2 = Double(rng.next() >> 11) * 0x1p-53
                let g = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
                to[j] = from[j] + Float(0.3 * g / Double(d).squareRoot())
            }
        }
    }
    let ids = (0..<rows).map { i in rows <= index.count ? index.id(i * index.count / rows) : i < index.count ? index.id(i) : "synthetic-\(i)" }
    let corpus = try IndexCorpus(source: rows <= index.count ? "every \(index.count)/\(rows)-th of \(index.url.path)" : "synthetic \(rows) from \(index.url.path)",
                                 ids: ids, texts: ids)
    try IndexBuilder(dims: dims, precisions: precisions).write(corpus: corpus, embeddings: vectors, model: index.manifest.model, to: url)
    return try VectorIndex(url: url, verify: false)
}

let options = try Options(Array(CommandLine.arguments.dropFirst()))
try BLAS.load()
if let threads = ProcessInfo.processInfo.environment["BENCH_THREADS"].flatMap(Int.init), threads > 0 { Parallel.width = threads }
let outDir = URL(fileURLWithPath: options.out)
try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
var opened: VectorIndex!
let openSeconds = try seconds { opened = try VectorIndex(url: URL(fileURLWithPath: options.index)) }
let index = opened!
say("index: \(index.count) passages, \(index.dimension)-d, opened and verified in \(String(format: "%.2f", openSeconds)) s")

// queries: the held-out ones (legal-zh test + STS-B), encoded once through the embedding cache
let data = URL(fileURLWithPath: options.data)
let queryFile = try QueryFile.load(data.appendingPathComponent("queries.jsonl"))
let model = try SentenceTransformer(folder: URL(fileURLWithPath: index.manifest.model.name))
try IndexEncoding.checkModel(model, name: index.manifest.model.name, for: index)
let store = EmbeddingStore.fromEnvironment()
let queries = try IndexEncoding.embed(queryFile.texts, prompt: index.manifest.model.queryPrompt, model: model, store: store)   // [Q, D]
try Data(buffer: UnsafeBufferPointer(start: queries.data, count: queries.count)).write(to: outDir.appendingPathComponent("queries.f32"))
let legal = try RetrievalDataset.load(beirFolder: data, split: .test)
let task = try InformationRetrievalEvaluator(queries: legal.queries, corpus: legal.corpus, relevantDocs: legal.relevantDocs,
                                             name: "legal-zh", queryPrompt: index.manifest.model.queryPrompt)
let position = Dictionary(uniqueKeysWithValues: queryFile.ids.enumerated().map { ($1, $0) })
let legalRows = task.queryIDs.map { position[$0]! }
let picks = (0..<options.singleQueries).map { $0 * queries.shape[0] / options.singleQueries }
say("\(queries.shape[0]) queries (\(legalRows.count) legal-zh with qrels); single-query latency over \(picks.count); kernels: \(index.kernelDescription)")

// the strategies of table 5.3 (shortlists of 800 and 1 600 besides the seed's 50–400, to find where recall reaches 0.995)
var plans = [SearchPlan(k: 10)]
for dim in [64, 128, 192, 256, 384] {
    for precision in ShortlistPrecision.allCases where !(dim == 384 && precision == .float32) {
        for k in [50, 100, 200, 400, 800, 1600] { plans.append(SearchPlan(k: 10, shortlist: .init(dim: dim, precision: precision, k: k))) }
    }
}
var rows: [JSONValue] = []
var exactHits: [[SearchHit]] = []
for plan in plans where plan.shortlist == nil || options.only.map({ plan.description.contains($0) }) ?? true {
    let (single, batched, hits) = try latency(index, queries, plan: plan, picks: picks)
    if plan.shortlist == nil { exactHits = hits }
    let recall = IndexRetrieval.recall(hits, exact: exactHits)
    let legalResult = try task.evaluate(rankings: legalRows.map { hits[$0].map { index.id($0.position) } })
    let stored = plan.shortlist.map { index.shortlist(dim: $0.dim, precision: $0.precision)! }
    let bytes = stored.map { index.bytes(of: $0) } ?? index.fullBytes
    say(String(format: "%-32@ single %7.3f ms  batched %7.3f ms/q  recall@10 %.4f  legal nDCG@10 %.4f  %6.1f MiB",
               plan.description as NSString, single, batched, recall, legalResult.metrics["cosine_ndcg@10"]!, Double(bytes) / 1_048_576))
    rows.append(.object([
        "strategy": .string(plan.description), "dim": .number(Double(plan.shortlist?.dim ?? index.dimension)),
        "precision": .string(plan.shortlist?.precision.rawValue ?? "float32"), "shortlist_k": .number(Double(plan.shortlist?.k ?? 0)),
        "single_ms": .number(single), "batched_ms_per_query": .number(batched), "queries_per_s": .number(1000 / batched),
        "recall_at_10_vs_exact": .number(recall), "legal_ndcg_at_10": .number(legalResult.metrics["cosine_ndcg@10"]!),
        "legal_recall_at_10": .number(legalResult.metrics["cosine_recall@10"]!), "shortlist_bytes": .number(Double(bytes)),
        "full_bytes": .number(Double(index.fullBytes)),
    ]))
}

// latency by corpus size: flat and a few shortlists, on the first N passages and on a synthetic corpus
var sizeRows: [JSONValue] = []
let sizePlans = [SearchPlan(k: 10), SearchPlan(k: 10, shortlist: .init(dim: 384, precision: .int4, k: 100)),
                 SearchPlan(k: 10, shortlist: .init(dim: 256, precision: .int8, k: 100)),
                 SearchPlan(k: 10, shortlist: .init(dim: 384, precision: .binary, k: 200))]
let sizes = options.sizes.filter { $0 <= index.count } + (options.synthetic > index.count ? [options.synthetic] : [])
for n in sizes {
    let url = outDir.appendingPathComponent("size-\(n).wbindex")
    let sub = try subIndex(of: index, rows: n, at: url, dims: [256, 384], precisions: [.int8, .int4, .binary])
    var exact: [[SearchHit]] = []
    for plan in sizePlans {
        let (single, batched, hits) = try latency(sub, queries, plan: plan, picks: picks)
        if plan.shortlist == nil { exact = hits }
        let recall = IndexRetrieval.recall(hits, exact: exact)
        say(String(format: "%8d %@  %-32@ single %7.3f ms  batched %7.3f ms/q  recall@10 %.4f", n, n > index.count ? "synthetic" : "real     ",
                   plan.description as NSString, single, batched, recall))
        sizeRows.append(.object([
            "passages": .number(Double(n)), "synthetic": .bool(n > index.count), "index": .string(url.path),
            "strategy": .string(plan.description), "single_ms": .number(single), "batched_ms_per_query": .number(batched),
            "recall_at_10_vs_exact": .number(recall),
        ]))
    }
}

let result = JSONValue.object([
    "index": .string(options.index), "passages": .number(Double(index.count)), "dimension": .number(Double(index.dimension)),
    "queries": .number(Double(queries.shape[0])), "legal_queries": .number(Double(legalRows.count)),
    "single_query_count": .number(Double(picks.count)), "threads": .number(Double(Parallel.width)),
    "kernels": .string(index.kernelDescription), "open_verify_s": .number(openSeconds),
    "strategies": .array(rows), "sizes": .array(sizeRows),
])
try Data(result.jsonText.utf8).write(to: outDir.appendingPathComponent("wb-search.json"))
say("wrote \(outDir.appendingPathComponent("wb-search.json").path)")
