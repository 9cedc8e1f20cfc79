import Foundation

/// Model-wide sentence-transformers settings, from the optional `config_sentence_transformers.json`.
public struct SentenceTransformersConfig: Codable, Equatable, Sendable {
    /// Named prompts prepended to inputs, e.g. `["query": "query: ", "passage": "passage: "]`.
    public var prompts: [String: String]
    /// The prompt used when the caller names none; a key of ``prompts`` or nil.
    public var defaultPromptName: String?
    /// The similarity the model is meant to be scored with (`cosine`, `dot`, …), if recorded.
    public var similarityFnName: String?
    /// The kind of sentence-transformers model (v5+); only `SentenceTransformer` is supported, nil is taken as it.
    public var modelType: String?

    enum CodingKeys: String, CodingKey {
        case prompts
        case defaultPromptName = "default_prompt_name"
        case similarityFnName = "similarity_fn_name"
        case modelType = "model_type"
    }

    /// Settings from their fields.
    public init(
        prompts: [String: String] = [:], defaultPromptName: String? = nil, similarityFnName: String? = nil,
        modelType: String? = nil
    ) {
        self.prompts = prompts
        self.defaultPromptName = defaultPromptName
        self.similarityFnName = similarityFnName
        self.modelType = modelType
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prompts = try c.decodeIfPresent([String: String].self, forKey: .prompts) ?? [:]
        defaultPromptName = try c.decodeIfPresent(String.self, forKey: .defaultPromptName)
        similarityFnName = try c.decodeIfPresent(String.self, forKey: .similarityFnName)
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType)
    }

    /// Reads the `config_sentence_transformers.json` at `url`.
    ///
    /// - Throws: ``CheckpointError`` naming the file, e.g. when `default_prompt_name` is not a key of
    ///   `prompts`, or `model_type` names a `CrossEncoder` or `SparseEncoder`.
    public init(contentsOf url: URL) throws(CheckpointError) {
        self = try CheckpointJSONFile.decode(
            SentenceTransformersConfig.self, from: url, purpose: "a config_sentence_transformers.json")
        if let modelType, modelType != "SentenceTransformer" {
            throw .unsupportedModelType(path: url.path, modelType: modelType, supported: ["SentenceTransformer"])
        }
        if let defaultPromptName, prompts[defaultPromptName] == nil {
            throw .invalidConfig(
                path: url.path, field: CodingKeys.defaultPromptName.rawValue,
                detail: "'\(defaultPromptName)' is not a key of prompts (expected one of \(prompts.keys.sorted()))")
        }
    }
}
