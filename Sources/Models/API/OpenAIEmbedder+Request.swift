import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension OpenAIEmbedder {
    /// One HTTP answer: status, headers (names lower-cased) and body.
    struct HTTPReply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: Data
    }

    /// The request body of `POST /embeddings`.
    struct RequestBody: Encodable {
        let model: String
        let input: [String]
        let encoding_format: String
    }

    /// The successful response body for `inputs`, after retrying 429 and 5xx answers and timed-out requests.
    ///
    /// - Throws: ``APIError`` for a transport failure, 401/403, another 4xx, or retries used up.
    func send(_ inputs: [String]) throws(APIError) -> Data {
        guard let url = URL(string: endpoint) else { throw .invalidSpec(spec: displayName, reason: "'\(endpoint)' is not a URL") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: (options.timeout + 1).rounded(.up))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        do {
            request.httpBody = try JSONEncoder().encode(
                RequestBody(model: model, input: inputs, encoding_format: options.encodingFormat.rawValue))
        } catch {
            throw .malformedResponse(endpoint: endpoint, reason: "could not encode the request: \(error)")
        }
        var attempt = 0
        while true {
            attempt += 1
            let reply: HTTPReply
            do { reply = try perform(request) } catch .timedOut(let endpoint, let seconds) {
                // as OpenAI's own clients do, a request that timed out is tried again (a busy server answers later)
                guard attempt <= options.maxRetries else { throw .timedOut(endpoint: endpoint, seconds: seconds) }
                Thread.sleep(forTimeInterval: retryDelay(after: attempt, retryAfter: nil))
                continue
            }
            switch reply.status {
            case 200 ..< 300:
                return reply.body
            case 401, 403:
                throw .unauthorized(endpoint: endpoint, status: reply.status, message: serverMessage(reply.body),
                                    keyVariable: options.keyEnvironmentVariable)
            case 429, 500 ..< 600:
                guard attempt <= options.maxRetries else {
                    throw .httpStatus(endpoint: endpoint, status: reply.status, message: serverMessage(reply.body), attempts: attempt)
                }
                Thread.sleep(forTimeInterval: retryDelay(after: attempt, retryAfter: reply.headers["retry-after"]))
            default:
                throw .httpStatus(endpoint: endpoint, status: reply.status, message: serverMessage(reply.body), attempts: attempt)
            }
        }
    }

    /// Seconds to wait before attempt `attempt + 1`: `Retry-After` (seconds) when given, else baseDelay · 2^(attempt-1).
    func retryDelay(after attempt: Int, retryAfter: String?) -> Double {
        let backoff = options.baseDelay * pow(2, Double(attempt - 1))
        let delay = retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 >= 0 ? $0 : nil } ?? backoff
        return min(delay, options.maxDelay)
    }

    /// `request` sent once, waited for synchronously for at most the request timeout, then cancelled.
    ///
    /// The wait here is the timeout: Foundation's URLSession on Linux takes a sub-second session timeout as
    /// zero and fails at once (measured: 2 ms for 0.5 s), so the session's own timeouts are whole seconds past it.
    func perform(_ request: URLRequest) throws(APIError) -> HTTPReply {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = (options.timeout + 1).rounded(.up)
        configuration.timeoutIntervalForResource = (options.timeout + 1).rounded(.up)
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            outcome.set(data: data, response: response, error: error)
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + options.timeout) == .timedOut {
            task.cancel()
            throw .timedOut(endpoint: endpoint, seconds: options.timeout)
        }
        let (data, response, error) = outcome.get()
        if let error {
            let code = (error as? URLError)?.code
            if code == .timedOut { throw .timedOut(endpoint: endpoint, seconds: options.timeout) }
            throw .connectionFailed(endpoint: endpoint, reason: redacted(transportReason(error, code: code)))
        }
        guard let http = response as? HTTPURLResponse else {
            throw .malformedResponse(endpoint: endpoint, reason: "the answer is not HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return HTTPReply(status: http.statusCode, headers: headers, body: data ?? Data())
    }

    /// A short reason for a transport error: "connection refused" rather than Foundation's full sentence.
    func transportReason(_ error: Error, code: URLError.Code?) -> String {
        switch code {
        case .cannotConnectToHost?: return "connection refused"
        case .cannotFindHost?, .dnsLookupFailed?: return "unknown host"
        case .networkConnectionLost?: return "connection lost"
        case .secureConnectionFailed?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?:
            return "TLS failure: \(error.localizedDescription)"
        default: return error.localizedDescription
        }
    }

    /// The server's error message: `error.message` of an OpenAI-style error body, else the body's start.
    func serverMessage(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return redacted(message) }
            if let message = object["error"] as? String ?? object["message"] as? String ?? object["detail"] as? String {
                return redacted(message)
            }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : redacted(text)
    }

    /// `text` with the API key (should a server echo it) replaced by `***`.
    func redacted(_ text: String) -> String {
        guard let apiKey, !apiKey.isEmpty else { return text }
        return text.replacingOccurrences(of: apiKey, with: "***")
    }
}

/// The completion handler's results, handed from URLSession's queue to the waiting caller.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: Error?

    func set(data: Data?, response: URLResponse?, error: Error?) {
        lock.withLock { (self.data, self.response, self.error) = (data, response, error) }
    }

    func get() -> (Data?, URLResponse?, Error?) { lock.withLock { (data, response, error) } }
}
