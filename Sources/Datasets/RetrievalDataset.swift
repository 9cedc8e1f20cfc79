import Foundation
/// Queries, a corpus and each query's relevant documents: the input of a retrieval evaluation
/// (sentence-transformers' `InformationRetrievalEvaluator(queries, corpus, relevant_docs)`; BEIR's layout).
///
/// ```swift
/// let ir = try RetrievalDataset.legalZh(split: .dev)
/// ir.queryTexts       // encode as queries   [Q]
/// ir.corpusTexts      // encode as passages  [D]
/// ir.relevantDocs[ir.queryIDs[0]]            // Set of corpus ids
/// ```
public struct RetrievalDataset: Sendable {
    /// A short name for logs (`legal-zh-dev`).
    public var name: String
    /// The queries with at least one relevant document, in the order of the queries file.  // [Q]
    public let queryIDs: [String]
    /// Query text by id (only the ids in `queryIDs`).
    public let queries: [String: String]
    /// Every document of the corpus, in file order (the corpus is shared by all splits).  // [D]
    public let corpusIDs: [String]
    /// Document text by id.
    public let corpus: [String: String]
    /// The relevant corpus ids of each query in `queryIDs` (never empty).
    public let relevantDocs: [String: Set<String>]
    /// The files the data set was read from (hashed into a run's manifest); empty for data made in memory.
    public var files: [URL] = []

    /// Creates a retrieval data set from memory.
    ///
    /// - Parameters:
    ///   - queries: (id, text) pairs; only those with relevant documents are kept, in this order.
    ///   - corpus: (id, text) pairs, in the order documents are encoded.
    ///   - relevantDocs: query id → relevant corpus ids; every id must be among `queries` and `corpus`.
    /// - Throws: `DatasetError.invalidArguments` for duplicate or unknown ids, or when no query has a relevant document.
    public init(name: String = "retrieval", queries: [(id: String, text: String)], corpus: [(id: String, text: String)],
                relevantDocs: [String: Set<String>]) throws {
        var queryText: [String: String] = [:]
        for (id, text) in queries where queryText.updateValue(text, forKey: id) != nil {
            throw DatasetError.invalidArguments("query id \"\(id)\" is listed twice")
        }
        var corpusText: [String: String] = [:]
        for (id, text) in corpus where corpusText.updateValue(text, forKey: id) != nil {
            throw DatasetError.invalidArguments("corpus id \"\(id)\" is listed twice")
        }
        var relevant: [String: Set<String>] = [:]
        for (q, docs) in relevantDocs where !docs.isEmpty {
            guard queryText[q] != nil else { throw DatasetError.invalidArguments("relevantDocs names an unknown query \"\(q)\"") }
            for d in docs where corpusText[d] == nil {
                throw DatasetError.invalidArguments("relevantDocs names an unknown document \"\(d)\" (query \"\(q)\")")
            }
            relevant[q] = docs
        }
        guard !relevant.isEmpty else { throw DatasetError.invalidArguments("no query has a relevant document (empty data set)") }
        let ids = queries.map(\.id).filter { relevant[$0] != nil }
        self.name = name
        self.queryIDs = ids
        self.queries = queryText.filter { relevant[$0.key] != nil }
        self.corpusIDs = corpus.map(\.id)
        self.corpus = corpusText
        self.relevantDocs = relevant
    }

    /// The query texts in `queryIDs` order.  // [Q]
    public var queryTexts: [String] { queryIDs.map { queries[$0]! } }
    /// The document texts in `corpusIDs` order.  // [D]
    public var corpusTexts: [String] { corpusIDs.map { corpus[$0]! } }
}
