/// Why an embeddings API could not be used as a candidate: a malformed spec, a request that failed, or a
/// response that is not the embeddings of the texts sent.
///
/// Every case after `invalidSpec` names the endpoint (`http://127.0.0.1:8000/v1/embeddings`); none holds the
/// API key (a server message that echoes it has it replaced by `***`).
public enum APIError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The spec is not `openai:<http(s) base URL>#<model>`.
    case invalidSpec(spec: String, reason: String)
    /// An option is out of range (`batchSize` 0, a negative delay).
    case invalidOption(name: String, value: String, reason: String)
    /// No connection could be made (refused, unknown host, reset).
    case connectionFailed(endpoint: String, reason: String)
    /// The server sent no complete answer within the request timeout.
    case timedOut(endpoint: String, seconds: Double)
    /// 401 or 403: the key is missing, wrong or not allowed this model (not retried).
    case unauthorized(endpoint: String, status: Int, message: String, keyVariable: String)
    /// Another 4xx, or a 429/5xx still failing after the retries; `message` is the server's error message.
    case httpStatus(endpoint: String, status: Int, message: String, attempts: Int)
    /// The body is not JSON of the embeddings response's shape.
    case malformedResponse(endpoint: String, reason: String)
    /// The response holds `received` embeddings for `expected` inputs.
    case countMismatch(endpoint: String, expected: Int, received: Int)
    /// The `index` fields are not a permutation of 0..<count.
    case badIndices(endpoint: String, reason: String)
    /// An embedding's width differs from the others' (or from the first response's).
    case widthMismatch(endpoint: String, input: Int, width: Int, expected: Int)
    /// An embedding has a NaN or infinite element.
    case nonFiniteEmbedding(endpoint: String, input: Int, element: Int)

    public var description: String {
        switch self {
        case let .invalidSpec(spec, reason):
            return "invalid API model spec '\(spec)': \(reason) (expected openai:<base URL>#<model>, e.g. openai:http://127.0.0.1:8000/v1#e5)"
        case let .invalidOption(name, value, reason):
            return "invalid \(name) = \(value): \(reason)"
        case let .connectionFailed(endpoint, reason):
            return "\(endpoint): could not connect (\(reason)); is the server running?"
        case let .timedOut(endpoint, seconds):
            return "\(endpoint): no answer within the request timeout of \(seconds) s"
        case let .unauthorized(endpoint, status, message, keyVariable):
            return "\(endpoint): HTTP \(status), not authorised: \(message) (the key is read from $\(keyVariable))"
        case let .httpStatus(endpoint, status, message, attempts):
            return "\(endpoint): HTTP \(status): \(message)\(attempts > 1 ? " (after \(attempts) attempts)" : "")"
        case let .malformedResponse(endpoint, reason):
            return "\(endpoint): malformed embeddings response: \(reason)"
        case let .countMismatch(endpoint, expected, received):
            return "\(endpoint): \(received) embeddings returned for \(expected) inputs"
        case let .badIndices(endpoint, reason):
            return "\(endpoint): the response's indices are not a permutation of the inputs: \(reason)"
        case let .widthMismatch(endpoint, input, width, expected):
            return "\(endpoint): the embedding of input \(input) has \(width) dimensions; expected \(expected)"
        case let .nonFiniteEmbedding(endpoint, input, element):
            return "\(endpoint): the embedding of input \(input) has a NaN or infinite element at \(element)"
        }
    }
}
