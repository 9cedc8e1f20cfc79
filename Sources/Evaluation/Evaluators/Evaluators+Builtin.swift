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

extension ClassificationEvaluator {
    /// Two labelled splits as an MTEB classification task (`samplesPerLabel` training examples per label in
    /// each of 10 experiments), named `name`.
    public static func from(train: LabelledTextDataset, test: LabelledTextDataset, name: String, samplesPerLabel: Int = 8) throws -> ClassificationEvaluator {
        var e = try ClassificationEvaluator(trainTexts: train.texts, trainLabels: train.labels, testTexts: test.texts, testLabels: test.labels,
                                            name: name, samplesPerLabel: samplesPerLabel)
        e.files = train.files + test.files
        return e
    }

    /// LawBench consultation → one of 20 topics (`legal-topics`), MTEB's protocol with 8 examples per label.
    public static func legalTopics() throws -> ClassificationEvaluator {
        try from(train: .legalTopics(split: .train), test: .legalTopics(split: .test), name: "legal-topics")
    }

    /// LawBench case facts → charge (`legal-charges`), single-charge cases, MTEB's protocol with 8 examples per label.
    public static func legalCharges() throws -> ClassificationEvaluator {
        try from(train: .legalCharges(split: .train), test: .legalCharges(split: .test), name: "legal-charges")
    }
}

extension ClusteringEvaluator {
    /// A labelled file as a clustering task named `name`.
    public static func from(_ data: LabelledTextDataset, name: String) throws -> ClusteringEvaluator {
        var e = try ClusteringEvaluator(texts: data.texts, labels: data.labels, name: name)
        e.files = data.files
        return e
    }

    /// The 500 LawBench consultations clustered into their 20 topics (`legal-topic-clustering`).
    public static func legalTopicClustering() throws -> ClusteringEvaluator {
        try from(.legalTopicClustering(), name: "legal-topic-clustering")
    }
}

extension RerankingEvaluator {
    /// A reranking file (`query`, `positive`, `negative`) as a task named `name`.
    public static func from(_ data: RerankingDataset, name: String) throws -> RerankingEvaluator {
        var e = try RerankingEvaluator(samples: data.samples.map { Sample(query: $0.query, positives: $0.positive, negatives: $0.negative) },
                                       name: name)
        e.files = data.files
        return e
    }

    /// legal-zh test queries reranking their relevant articles among 10 hard negatives mined by
    /// multilingual-e5-small (`legal-rerank`).
    public static func legalZh() throws -> RerankingEvaluator {
        try from(.legalZh(), name: "legal-rerank")
    }
}
