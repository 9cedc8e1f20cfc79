import Evaluation
import Foundation
import Search
import Tensors
import Testing
import TestSupport

/// The retrieval evaluator run through an index gives the evaluator's own numbers for exact search, and
/// recall against exact search for a shortlist.
@Suite struct IndexRetrievalTests {
    let f = SearchFixture.shared

    /// Queries q0…q19 over the fixture's corpus; each query's relevant passages: its 3rd and 40th nearest.
    func task() throws -> InformationRetrievalEvaluator {
        var queries: [String: String] = [:], relevant: [String: Set<String>] = [:]
        for q in 0..<f.queryCount {
            queries["q\(q)"] = "query \(q)"
            let ranking = f.exactRanking(query: q, k: 40)
            relevant["q\(q)"] = ["d\(ranking[2])", "d\(ranking[39])"]
        }
        let corpus = Dictionary(uniqueKeysWithValues: (0..<f.count).map { ("d\($0)", "passage \($0)") })
        return try InformationRetrievalEvaluator(queries: queries, corpus: corpus, relevantDocs: relevant, name: "fixture")
    }

    /// The fixture's vector of each text ("query i" / "passage i").  → [N, D]
    func encode(_ texts: [String], _ prompt: String?) -> Tensor {
        var out: [Float] = []
        for t in texts {
            let i = Int(t.split(separator: " ")[1])!
            let source = t.hasPrefix("query") ? f.queries : f.corpus
            out += source[i * f.dim..<(i + 1) * f.dim]
        }
        return Tensor(shape: [texts.count, f.dim], scalars: out)
    }

    @Test func exactSearchThroughTheIndexGivesTheEvaluatorsMetrics() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let task = try task()
        let direct = try task.evaluate(encode: encode)
        let retrieval = try IndexRetrieval(index: index, task: task, queries: encode(task.queryTexts, nil))
        let through = try retrieval.evaluate(SearchPlan(k: 100))
        for name in direct.metricNames { #expect(abs(through.metrics[name]! - direct.metrics[name]!) < 1e-12, "\(name)") }
        #expect(through.metrics["recall_vs_exact@100"] == 1)
        #expect(direct.metrics["cosine_ndcg@10"]! > 0.3)
    }

    @Test func aShortlistLosesRecallAgainstExactAndTheMetricsShowIt() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let task = try task()
        let retrieval = try IndexRetrieval(index: index, task: task, queries: encode(task.queryTexts, nil))
        let binary = try retrieval.evaluate(SearchPlan(k: 10, shortlist: .init(dim: 48, precision: .binary, k: 20)))
        let recall = binary.metrics["recall_vs_exact@10"]!
        #expect(recall > 0.2 && recall < 0.9)
        let exact = try retrieval.evaluate(SearchPlan(k: 10))
        #expect(binary.metrics["cosine_ndcg@10"]! < exact.metrics["cosine_ndcg@10"]!)
        #expect(exact.metrics["recall_vs_exact@10"] == 1)
    }
}
