import Foundation
import Datasets

extension EmbeddingSimilarityEvaluator {
    /// STS-B `split` scored by Spearman of cosine similarity (`eval/stsb-<split>/spearman_cosine`).
    public static func stsb(_ split: DatasetSplit, prompt: String? = nil) throws -> EmbeddingSimilarityEvaluator {
        let data = try PairDataset.stsb(split: split)
        var evaluator = try EmbeddingSimilarityEvaluator(
            sentences1: data.column("sentence1") ?? [], sentences2: data.column("sentence2") ?? [], scores: data.labels ?? [],
            name: "stsb-\(split.rawValue)", prompt: prompt)
        evaluator.files = data.files
        return evaluator
    }
}

extension InformationRetrievalEvaluator {
    /// Legal retrieval on `split` of legal-zh: nDCG@10, MRR@10, Recall@10 … of its queries over the whole corpus.
    public static func legalZh(_ split: DatasetSplit, queryPrompt: String? = nil, corpusPrompt: String? = nil) throws -> InformationRetrievalEvaluator {
        let data = try RetrievalDataset.legalZh(split: split)
        var evaluator = try InformationRetrievalEvaluator(queries: data.queries, corpus: data.corpus, relevantDocs: data.relevantDocs,
                                                          name: "legal-\(split.rawValue)", queryPrompt: queryPrompt, corpusPrompt: corpusPrompt)
        evaluator.files = data.files
        return evaluator
    }
}
