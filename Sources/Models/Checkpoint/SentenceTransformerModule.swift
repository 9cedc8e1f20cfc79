/// One entry of a sentence-transformers `modules.json`: a stage of the encoding pipeline.
public struct SentenceTransformerModule: Codable, Equatable, Sendable {
    /// The stages this workbench implements, by sentence-transformers class name.
    ///
    /// sentence-transformers has spelled the class paths three ways: `sentence_transformers.models.Pooling`
    /// (up to v5.3), `sentence_transformers.sentence_transformer.modules.pooling.Pooling` (v5.4) and
    /// `sentence_transformers.base.modules.transformer.Transformer` (v6); any path inside the
    /// `sentence_transformers` package that ends in one of these class names is accepted.
    public enum Kind: String, CaseIterable, Sendable {
        /// The token encoder (`config.json` + `model.safetensors` in its folder).
        case transformer = "Transformer"
        /// Token vectors → sentence vector (`config.json` in its folder).
        case pooling = "Pooling"
        /// A linear map of the sentence vector (`config.json` + `model.safetensors` in its folder), e.g. a PCA projection.
        case dense = "Dense"
        /// L2 normalisation of the sentence vector.
        case normalize = "Normalize"

        /// The stage a `modules.json` `type` names, or nil if it is not one of these.
        public init?(type: String) {
            guard type.hasPrefix("sentence_transformers."), let className = type.split(separator: ".").last else {
                return nil
            }
            self.init(rawValue: String(className))
        }

        /// The classic spelling of the type, e.g. `sentence_transformers.models.Pooling`.
        public var legacyType: String { "sentence_transformers.models." + rawValue }
    }

    /// Position in the pipeline.
    public var idx: Int
    /// The module's name, usually `"\(idx)"`.
    public var name: String
    /// Its folder relative to the model folder; `""` is the model folder itself.
    public var path: String
    /// Its sentence-transformers class, e.g. `sentence_transformers.models.Pooling`.
    public var type: String

    /// A module entry from its fields.
    public init(idx: Int, name: String, path: String, type: String) {
        self.idx = idx
        self.name = name
        self.path = path
        self.type = type
    }

    /// ``type`` as a stage this workbench implements, or nil for any other class.
    public var kind: Kind? {
        Kind(type: type)
    }
}
