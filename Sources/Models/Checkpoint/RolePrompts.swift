/// The prompts a model folder asks for, by the role a text plays: a query, a document of the corpus, or
/// either side of a symmetric pair (STS).
///
/// Read from `config_sentence_transformers.json`'s `prompts`: `query` for queries; `passage`, `document` or
/// `corpus` (the first present) for documents. For symmetric pairs: the `default_prompt_name` prompt when
/// the folder names one; otherwise, for a model with both a query and a document prompt (E5's
/// `"query: "` / `"passage: "`), the query prompt, as E5's model card prescribes for symmetric tasks such
/// as semantic similarity; otherwise none.
///
/// ```swift
/// let prompts = RolePrompts(folder)        // multilingual-e5-small: query "query: ", document "passage: "
/// prompts.forColumn("anchor")              // "query: "
/// prompts.forColumn("positive")            // "passage: "
/// prompts.forColumn("sentence1")           // "query: "
/// ```
public struct RolePrompts: Sendable, Equatable {
    public var query: String?
    public var document: String?
    public var symmetric: String?

    public init(query: String? = nil, document: String? = nil, symmetric: String? = nil) {
        self.query = query
        self.document = document
        self.symmetric = symmetric
    }

    /// No prompts.
    public static let none = RolePrompts()

    /// The prompts of a sentence-transformers configuration (see the type's documentation).
    public init(_ config: SentenceTransformersConfig) {
        let p = config.prompts
        query = p["query"]
        document = p["passage"] ?? p["document"] ?? p["corpus"]
        if let name = config.defaultPromptName, let prompt = p[name] {
            symmetric = prompt
        } else {
            symmetric = query != nil && document != nil ? query : nil
        }
    }

    /// The prompts of a model folder.
    public init(_ folder: SentenceTransformerFolder) { self.init(folder.sentenceTransformersConfig) }

    /// The prompt for a dataset column, by sentence-transformers' column conventions: `anchor` / `query`
    /// are queries; `positive`, `negative` (and `negative_<n>`), `document`, `passage` are documents;
    /// anything else (`sentence1`, `sentence2`, `text`) is one side of a symmetric pair.
    public func forColumn(_ column: String) -> String? {
        switch column {
        case "anchor", "query": return query
        case "positive", "document", "passage", "negative": return document
        default: return column.hasPrefix("negative_") ? document : symmetric
        }
    }
}
