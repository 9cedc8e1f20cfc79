import Evaluation
import Foundation
import Tensors

/// Retrieval quality measured through an index: a retrieval task's queries searched with a plan, scored with
/// the task's relevance judgements (nDCG@10, Recall@10, … as `InformationRetrievalEvaluator`), and the
/// overlap of each query's top k with exact flat search (recall against exact).
///
/// The corpus is the index's: the task's own corpus is not encoded. Relevant ids missing from the index count
/// as misses, as sentence-transformers counts ids missing from its corpus.
public struct IndexRetrieval {
    public let index: VectorIndex
    public let task: InformationRetrievalEvaluator
    /// The task's query vectors (encoded with the index model's query prompt).  // [Q, D]
    public let queries: Tensor

    public init(index: VectorIndex, task: InformationRetrievalEvaluator, queries: Tensor) throws(SearchError) {
        guard queries.rank == 2, queries.shape == [task.queryIDs.count, index.dimension] else {
            throw .shape("query vectors are \(queries.shape) for \(task.queryIDs.count) queries of a \(index.dimension)-d index")
        }
        self.index = index
        self.task = task
        self.queries = queries
    }

    /// The task's metrics for rankings by `plan` (depth `plan.k`), plus `recall_vs_exact@k`: the mean share of
    /// exact flat search's top k that the plan also returns.
    public func evaluate(_ plan: SearchPlan, exact: [[SearchHit]]? = nil) throws -> EvaluationResult {
        let hits = try index.search(queries, plan: plan)
        let exact = try exact ?? index.search(queries, plan: SearchPlan(k: plan.k))
        var result = try task.evaluate(rankings: hits.map { $0.map { index.id($0.position) } })
        let key = "recall_vs_exact@\(plan.k)"
        let recall = Self.recall(hits, exact: exact)
        result.metrics[key] = recall
        result.metricNames.append(key)
        return result
    }

    /// Mean over queries of |found ∩ exact| / |exact|.
    public static func recall(_ found: [[SearchHit]], exact: [[SearchHit]]) -> Double {
        guard !exact.isEmpty else { return 0 }
        var sum = 0.0
        for (f, e) in zip(found, exact) where !e.isEmpty {
            let truth = Set(e.map(\.position))
            sum += Double(f.count { truth.contains($0.position) }) / Double(truth.count)
        }
        return sum / Double(exact.count)
    }
}
