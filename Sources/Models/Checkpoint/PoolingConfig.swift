import Foundation

/// A sentence-transformers `Pooling` module's configuration, from `1_Pooling/config.json`.
///
/// Two spellings exist. Up to sentence-transformers v5 the file holds `word_embedding_dimension`
/// and one boolean per mode (`pooling_mode_cls_token`, `pooling_mode_mean_tokens`, …); from v6 it
/// holds `embedding_dimension` and `pooling_mode` (`"cls"`, `"mean"`, `"max"`, … or a list of them).
/// When both are present `pooling_mode` wins, as in sentence-transformers. Exactly one of cls, mean
/// and max must be selected: the other modes (`mean_sqrt_len_tokens`, `weightedmean`, `lasttoken`),
/// concatenations of several modes, and a legacy file with no mode set are rejected.
public struct PoolingConfig: Equatable, Sendable {
    /// The pooling mode.
    public var mode: PoolingMode
    /// The width of the token vectors it pools (the transformer's hidden size).
    public var wordEmbeddingDimension: Int
    /// Whether prompt tokens take part in pooling (`include_prompt`, default true).
    public var includePrompt: Bool

    /// The legacy mode flags and the v6 mode names they stand for, in sentence-transformers' order.
    static let legacyModeKeys: [(key: String, mode: String)] = [
        ("pooling_mode_cls_token", "cls"), ("pooling_mode_max_tokens", "max"), ("pooling_mode_mean_tokens", "mean"),
        ("pooling_mode_mean_sqrt_len_tokens", "mean_sqrt_len_tokens"), ("pooling_mode_weightedmean_tokens", "weightedmean"),
        ("pooling_mode_lasttoken", "lasttoken"),
    ]

    /// A configuration from its fields.
    public init(mode: PoolingMode, wordEmbeddingDimension: Int, includePrompt: Bool = true) {
        self.mode = mode
        self.wordEmbeddingDimension = wordEmbeddingDimension
        self.includePrompt = includePrompt
    }

    /// Reads and validates the pooling `config.json` at `url` (either spelling).
    ///
    /// - Throws: ``CheckpointError/unsupportedPooling(path:detail:)`` unless exactly one of cls, mean
    ///   and max is selected; other ``CheckpointError`` cases for a missing, malformed or incomplete file.
    public init(contentsOf url: URL) throws(CheckpointError) {
        let path = url.path
        let data = try CheckpointJSONFile.read(url, purpose: "a sentence-transformers Pooling config.json")
        let document = try CheckpointJSONFile.decode(CheckpointJSON.self, from: data, path: path)
        guard case .object(let fields) = document else {
            throw .malformedJSON(path: path, detail: "top level is \(document.kindDescription), expected an object")
        }
        let modes = try Self.selectedModes(fields, path: path)
        let expected = "expected exactly one of " + PoolingMode.allCases.map(\.rawValue).joined(separator: ", ")
        guard !modes.isEmpty else {
            throw .unsupportedPooling(path: path, detail: "no pooling mode is selected (\(expected))")
        }
        guard modes.count == 1, let mode = PoolingMode(rawValue: modes[0]) else {
            throw .unsupportedPooling(path: path, detail: "pooling mode \(modes.joined(separator: " + ")) (\(expected))")
        }

        let dimensionKey = fields["embedding_dimension"] != nil ? "embedding_dimension" : "word_embedding_dimension"
        guard case .int(let dimension)? = fields[dimensionKey], dimension > 0 else {
            let found = fields[dimensionKey].map { "is \($0.kindDescription)" } ?? "missing"
            throw .invalidConfig(path: path, field: dimensionKey, detail: "\(found), expected a positive integer")
        }
        var includePrompt = true
        switch fields["include_prompt"] {
        case nil, .null?: break
        case .bool(let flag)?: includePrompt = flag
        case let other?:
            throw .invalidConfig(path: path, field: "include_prompt", detail: "is \(other.kindDescription), expected a boolean")
        }
        self.init(mode: mode, wordEmbeddingDimension: dimension, includePrompt: includePrompt)
    }

    /// The mode names the file selects: `pooling_mode` if present, else the legacy flags that are true.
    private static func selectedModes(_ fields: [String: CheckpointJSON], path: String) throws(CheckpointError) -> [String] {
        switch fields["pooling_mode"] {
        case .string(let mode)?:
            return [mode]
        case .array(let items)?:
            var modes: [String] = []
            for item in items {
                guard case .string(let mode) = item else {
                    throw .invalidConfig(path: path, field: "pooling_mode", detail: "contains \(item.kindDescription), expected strings")
                }
                modes.append(mode)
            }
            return modes
        case nil, .null?:
            var modes: [String] = []
            for (key, mode) in legacyModeKeys {
                switch fields[key] {
                case nil, .null?, .bool(false)?: break
                case .bool(true)?: modes.append(mode)
                case let other?:
                    throw .invalidConfig(path: path, field: key, detail: "is \(other.kindDescription), expected a boolean")
                }
            }
            return modes
        case let other?:
            throw .invalidConfig(
                path: path, field: "pooling_mode", detail: "is \(other.kindDescription), expected a string or a list of strings")
        }
    }
}
