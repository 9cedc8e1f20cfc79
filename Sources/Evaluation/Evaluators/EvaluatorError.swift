/// Why an evaluator could not be built from its data, or could not score the embeddings it was given.
public enum EvaluatorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Two inputs that pair up item by item have different lengths (`sentences2` vs `sentences1`).
    case lengthMismatch(name: String, count: Int, expected: String, expectedCount: Int)
    /// Fewer items than the metric needs (correlations need two pairs).
    case tooFewItems(name: String, count: Int, minimum: Int)
    /// A gold score is NaN or infinite.
    case nonFiniteScore(index: Int, value: Double)
    /// An option is out of range or inconsistent with another.
    case invalidOption(name: String, value: String, reason: String)
    /// No query has a relevant document, so there is nothing to average.
    case noQueries
    /// The corpus is empty.
    case emptyCorpus
    /// `encode` returned a tensor that is not [texts, D] for the texts it was given (`role`: queries, corpus, …).
    case embeddingShape(role: String, texts: Int, shape: [Int])
    /// Two sets of embeddings that are compared have different widths.
    case dimensionMismatch(role: String, dimension: Int, expected: String, expectedDimension: Int)
    /// An embedding has a NaN or infinite element; `row` is the text's position, `id` its id when it has one.
    case nonFiniteEmbedding(role: String, row: Int, id: String?)
    /// A classification or clustering split has fewer than two distinct labels (`labels`: the ones it has).
    case tooFewLabels(name: String, labels: [String])
    /// A binary label is neither 0 nor 1 (`labels[index]`).
    case invalidLabel(index: Int, value: Int)
    /// One of the two binary labels never occurs among the `count` labels, so a threshold cannot be scored.
    case missingLabel(label: Int, count: Int)

    public var description: String {
        switch self {
        case let .lengthMismatch(name, count, expected, expectedCount):
            return "\(name) has \(count) entries but \(expected) has \(expectedCount); they pair up one to one"
        case let .tooFewItems(name, count, minimum):
            return "\(name) has \(count) entries; at least \(minimum) are needed"
        case let .nonFiniteScore(index, value):
            return "gold score scores[\(index)] is \(value); every score must be finite"
        case let .invalidOption(name, value, reason):
            return "invalid \(name) = \(value): \(reason)"
        case .noQueries:
            return "no query has a relevant document in relevantDocs, so there is nothing to evaluate"
        case .emptyCorpus:
            return "the corpus is empty"
        case let .embeddingShape(role, texts, shape):
            return "encode returned a tensor of shape \(shape) for \(texts) \(role) texts; expected [\(texts), D]"
        case let .dimensionMismatch(role, dimension, expected, expectedDimension):
            return "\(role) embeddings have \(dimension) dimensions but \(expected) embeddings have \(expectedDimension)"
        case let .nonFiniteEmbedding(role, row, id):
            return "the embedding of \(role) text \(row)\(id.map { " (id \($0))" } ?? "") has a NaN or infinite element"
        case let .tooFewLabels(name, labels):
            return "\(name) has \(labels.count) distinct label(s) \(labels); at least 2 are needed"
        case let .invalidLabel(index, value):
            return "labels[\(index)] is \(value); every label must be 0 or 1"
        case let .missingLabel(label, count):
            return "no pair of the \(count) is labelled \(label); both labels 0 and 1 must occur"
        }
    }
}
