import Foundation

extension OpenAIEmbedder {
    /// How an ``OpenAIEmbedder`` talks to its endpoint: batching, retries, timeout, encoding, key variable.
    public struct Options: Sendable, Equatable {
        /// How the server sends each vector (`encoding_format` of the request).
        public enum EncodingFormat: String, Sendable, Equatable {
            /// JSON arrays of numbers.
            case float
            /// Base64 of the little-endian float32 bytes.
            case base64
        }

        /// Texts per request.
        public var batchSize: Int
        /// Retries after a 429, a 5xx or a timeout before giving up (attempts = 1 + maxRetries).
        public var maxRetries: Int
        /// The first retry's delay in seconds, doubled on each further one (a `Retry-After` header wins).
        public var baseDelay: Double
        /// The longest delay between two attempts, in seconds, `Retry-After` included.
        public var maxDelay: Double
        /// Seconds one request may take.
        public var timeout: Double
        /// The requested `encoding_format`.
        public var encodingFormat: EncodingFormat
        /// The environment variable that holds the API key (none set: no `Authorization` header).
        public var keyEnvironmentVariable: String

        public init(batchSize: Int = 64, maxRetries: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 60,
                    timeout: Double = 60, encodingFormat: EncodingFormat = .float,
                    keyEnvironmentVariable: String = "OPENAI_API_KEY") {
            self.batchSize = batchSize
            self.maxRetries = maxRetries
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.timeout = timeout
            self.encodingFormat = encodingFormat
            self.keyEnvironmentVariable = keyEnvironmentVariable
        }

        /// The defaults, with `WB_API_BATCH_SIZE`, `WB_API_TIMEOUT` (seconds) and `WB_API_MAX_RETRIES` from
        /// `environment` where set (how `workbench eval` and experiments, which take a spec only, are tuned).
        ///
        /// - Throws: ``APIError/invalidOption(name:value:reason:)`` naming the variable when its value is not a number in range.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(APIError) -> Options {
            var o = Options()
            func number(_ name: String) throws(APIError) -> Double? {
                guard let text = environment[name], !text.isEmpty else { return nil }
                guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw .invalidOption(name: name, value: text, reason: "expected a number")
                }
                return v
            }
            if let v = try number("WB_API_BATCH_SIZE") { o.batchSize = Int(exactly: v) ?? 0 }
            if let v = try number("WB_API_TIMEOUT") { o.timeout = v }
            if let v = try number("WB_API_MAX_RETRIES") { o.maxRetries = Int(exactly: v) ?? -1 }
            do { try o.validate() } catch .invalidOption(let name, let value, let reason) {
                let variable = ["batchSize": "WB_API_BATCH_SIZE", "timeout": "WB_API_TIMEOUT", "maxRetries": "WB_API_MAX_RETRIES"][name] ?? name
                throw .invalidOption(name: variable, value: environment[variable] ?? value, reason: reason + " (a whole number for counts)")
            }
            return o
        }

        /// Throws ``APIError/invalidOption(name:value:reason:)`` for a value out of range.
        func validate() throws(APIError) {
            if batchSize < 1 { throw .invalidOption(name: "batchSize", value: "\(batchSize)", reason: "must be at least 1") }
            if maxRetries < 0 { throw .invalidOption(name: "maxRetries", value: "\(maxRetries)", reason: "must be ≥ 0") }
            if !(baseDelay >= 0) { throw .invalidOption(name: "baseDelay", value: "\(baseDelay)", reason: "must be ≥ 0") }
            if !(maxDelay >= 0) { throw .invalidOption(name: "maxDelay", value: "\(maxDelay)", reason: "must be ≥ 0") }
            if !(timeout > 0) { throw .invalidOption(name: "timeout", value: "\(timeout)", reason: "must be > 0 seconds") }
            if keyEnvironmentVariable.isEmpty {
                throw .invalidOption(name: "keyEnvironmentVariable", value: "''", reason: "must name a variable")
            }
        }
    }
}
