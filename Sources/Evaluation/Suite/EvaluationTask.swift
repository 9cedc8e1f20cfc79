import Foundation

/// One task of an evaluation suite: an evaluator and the MTEB task type it counts towards.
public struct EvaluationTask {
    /// MTEB's task types, with the keys suites and metric names use (`suite/retrieval`).
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case sts
        case retrieval
        case reranking
        case pairClassification = "pair-classification"
        case classification
        case clustering

        /// The column heading of a leaderboard (MTEB's spelling).
        public var title: String {
            switch self {
            case .sts: "STS"
            case .retrieval: "Retrieval"
            case .reranking: "Reranking"
            case .pairClassification: "PairClassification"
            case .classification: "Classification"
            case .clustering: "Clustering"
            }
        }
    }

    public var kind: Kind
    public var evaluator: any SentenceEvaluator

    public init(_ kind: Kind, _ evaluator: any SentenceEvaluator) {
        self.kind = kind
        self.evaluator = evaluator
    }

    /// The evaluator's name (`legal-test`).
    public var name: String { evaluator.name }
}
