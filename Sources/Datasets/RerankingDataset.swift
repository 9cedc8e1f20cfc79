import Foundation

/// Queries, each with documents that answer it and documents that do not: the input of a reranking evaluation
/// (sentence-transformers' `RerankingEvaluator(samples)`, MTEB's reranking tasks).
///
/// ```swift
/// let rerank = try RerankingDataset.load(url)          // JSONL {"query", "positive": [...], "negative": [...]}
/// let legal = try RerankingDataset.legalZh()
/// legal.samples[0].query; legal.samples[0].positive; legal.samples[0].negative
/// ```
/// Loading (`RerankingDataset+Loading.swift`) rejects malformed rows with the file and line. A sample with an
/// empty `positive` or `negative` list loads: whether to skip it is the evaluator's decision.
public struct RerankingDataset: Sendable {
    /// One query with its candidate documents.
    public struct Sample: Equatable, Sendable {
        /// The query text.
        public var query: String
        /// Documents relevant to the query.  // [P]
        public var positive: [String]
        /// Documents not relevant to the query (e.g. mined hard negatives, in rank order).  // [M]
        public var negative: [String]

        public init(query: String, positive: [String], negative: [String]) {
            self.query = query
            self.positive = positive
            self.negative = negative
        }
    }

    /// A short name for logs (`legal-zh-rerank`, or the file's stem).
    public var name: String
    /// The samples, in file order.  // [Q]
    public let samples: [Sample]
    /// The files the samples were read from (hashed into a run's manifest); empty for data made in memory.
    public var files: [URL] = []

    /// Creates a data set from memory.
    ///
    /// - Throws: `DatasetError.invalidArguments` when there are no samples.
    public init(name: String = "reranking", samples: [Sample]) throws {
        guard !samples.isEmpty else { throw DatasetError.invalidArguments("no samples (empty data set)") }
        self.name = name
        self.samples = samples
    }

    /// The number of samples (queries).
    public var count: Int { samples.count }
}
