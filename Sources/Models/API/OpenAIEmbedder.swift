import Crypto
import Foundation
import Tensors

/// An OpenAI-compatible `/v1/embeddings` endpoint seen as a candidate model, like a local sentence-transformers one.
///
/// The spec `openai:<base URL>#<model>` names it; the key comes from an environment variable (default
/// `OPENAI_API_KEY`; unset: no `Authorization` header, as local servers need none) and is sent only as
/// `Authorization: Bearer`, never in ``displayName``, the fingerprint or an error. Texts go in batches of
/// ``Options/batchSize``, the prompt put in front of each here; 429 and 5xx answers are retried with exponential
/// backoff (or after `Retry-After`), and every response is checked: one finite vector per input, indices a
/// permutation (rows are put back in input order), one width throughout.
///
/// ```swift
/// let model = try OpenAIEmbedder(spec: "openai:http://127.0.0.1:8000/v1#multilingual-e5-small-q4")
/// let e = try model.embed(["how much protein per day"], prompt: nil)   // [1, D]
/// ```
public final class OpenAIEmbedder: TextEmbedder {
    /// The base URL without a trailing slash (`http://127.0.0.1:8000/v1`).
    public let baseURL: String
    /// The `model` field of each request.
    public let model: String
    /// Batching, retries, timeout, encoding and key variable.
    public let options: Options
    /// An API has no prompt configuration; callers pass the prompt they want to `embed`.
    public let rolePrompts: RolePrompts
    /// `<base URL>/embeddings`, the URL requests go to and errors name.
    public var endpoint: String { baseURL + "/embeddings" }

    let apiKey: String?
    private let lock = NSLock()
    private var dimension: Int?

    /// An embedder for `openai:<base URL>#<model>` (`openai:http://127.0.0.1:8000/v1#e5`).
    ///
    /// - Throws: ``APIError/invalidSpec(spec:reason:)`` for a malformed spec, ``APIError/invalidOption(name:value:reason:)``.
    public convenience init(spec: String, options: Options = Options(), rolePrompts: RolePrompts = .none,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(APIError) {
        let (baseURL, model) = try Self.parse(spec: spec)
        try self.init(baseURL: baseURL, model: model, options: options, rolePrompts: rolePrompts, environment: environment)
    }

    /// An embedder for `model` at `baseURL` (http or https, the part before `/embeddings`).
    ///
    /// - Throws: ``APIError/invalidSpec(spec:reason:)`` for a bad URL or empty model, ``APIError/invalidOption(name:value:reason:)``.
    public init(baseURL: String, model: String, options: Options = Options(), rolePrompts: RolePrompts = .none,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(APIError) {
        try options.validate()
        self.baseURL = try Self.checkedBaseURL(baseURL, spec: "openai:\(baseURL)#\(model)")
        guard !model.isEmpty else { throw .invalidSpec(spec: "openai:\(baseURL)#", reason: "the model name after '#' is empty") }
        self.model = model
        self.options = options
        self.rolePrompts = rolePrompts
        let key = environment[options.keyEnvironmentVariable]
        apiKey = key?.isEmpty == false ? key : nil
    }

    /// `openai:<base URL>#<model>`: never holds the key.
    public var displayName: String { "openai:\(baseURL)#\(model)" }

    /// The width of the vectors: nil until the first response came.
    public var knownDimension: Int? { lock.withLock { dimension } }

    /// sha256 of `openai|<base URL>|<model>|<encoding format>`, hex.
    public func fingerprint() throws -> String {
        let text = "openai|\(baseURL)|\(model)|\(options.encodingFormat.rawValue)"
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The vectors of `prompt + text` for each text, in the order given, batch by batch.  → [N, D]
    ///
    /// - Throws: ``APIError`` naming the endpoint and what went wrong.
    public func embed(_ texts: [String], prompt: String?) throws -> Tensor {
        let inputs = texts.map { (prompt ?? "") + $0 }
        var scalars: [Float] = []
        var width = knownDimension
        for start in stride(from: 0, to: inputs.count, by: options.batchSize) {
            let batch = Array(inputs[start ..< min(inputs.count, start + options.batchSize)])
            let rows = try embedBatch(batch, firstInput: start, expectedWidth: width)       // [B][D]
            if width == nil, let first = rows.first {
                width = first.count
                lock.withLock { if dimension == nil { dimension = first.count } }
            }
            scalars.reserveCapacity(inputs.count * (width ?? 0))
            for row in rows { scalars += row }
        }
        return Tensor(shape: [texts.count, width ?? 0], scalars: scalars)                // [N, D]
    }

    /// The vectors of one request's `inputs`, checked and in input order; `firstInput` numbers them in errors. // [B][D]
    func embedBatch(_ inputs: [String], firstInput: Int, expectedWidth: Int?) throws(APIError) -> [[Float]] {
        let body = try send(inputs)
        return try decodeEmbeddings(body, count: inputs.count, firstInput: firstInput, expectedWidth: expectedWidth)
    }

    /// The base URL and model of `openai:<base URL>#<model>`.
    static func parse(spec: String) throws(APIError) -> (baseURL: String, model: String) {
        let prefix = "openai:"
        guard spec.hasPrefix(prefix) else { throw .invalidSpec(spec: spec, reason: "it does not start with 'openai:'") }
        let rest = spec.dropFirst(prefix.count)
        guard let hash = rest.firstIndex(of: "#") else {
            throw .invalidSpec(spec: spec, reason: "no '#<model>' after the URL")
        }
        let url = String(rest[..<hash]), model = String(rest[rest.index(after: hash)...])
        guard !model.isEmpty else { throw .invalidSpec(spec: spec, reason: "the model name after '#' is empty") }
        return (try checkedBaseURL(url, spec: spec), model)
    }

    /// `url` without trailing slashes, checked to be http(s) with a host and no credentials, query or fragment.
    static func checkedBaseURL(_ url: String, spec: String) throws(APIError) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased() else {
            throw .invalidSpec(spec: spec, reason: "'\(url)' is not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .invalidSpec(spec: spec, reason: "the URL's scheme is '\(scheme)'; it must be http or https")
        }
        guard let host = parts.host, !host.isEmpty else { throw .invalidSpec(spec: spec, reason: "the URL has no host") }
        guard parts.user == nil, parts.password == nil else {
            // no echo of the URL: the credentials would be in it
            throw .invalidSpec(spec: "openai:<URL with credentials>", reason: "the URL holds credentials; put the key in the environment variable instead")
        }
        guard parts.query == nil, parts.fragment == nil else {
            throw .invalidSpec(spec: spec, reason: "the URL has a query or fragment")
        }
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}
