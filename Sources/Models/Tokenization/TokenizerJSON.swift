/// The layout of a HuggingFace `tokenizer.json`, shared by both tokenizers: each reads `model`, `normalizer`
/// and `pre_tokenizer` as its own section types (``WordPieceTokenizerJSON``, ``UnigramTokenizerJSON``),
/// the post-processor, padding and added tokens alike.
///
/// `truncation` and the padding length are ignored: callers choose `maxLength`, batches pad to their
/// longest text.
struct TokenizerJSON<Model: Decodable, Normalizer: Decodable, PreTokenizer: Decodable>: Decodable {
    var model: Model
    var normalizer: Normalizer?
    var preTokenizer: PreTokenizer?
    var postProcessor: PostProcessorJSON?
    var padding: PaddingJSON?
    var addedTokens: [AddedToken]

    private enum CodingKeys: String, CodingKey {
        case model, normalizer, padding
        case preTokenizer = "pre_tokenizer"
        case postProcessor = "post_processor"
        case addedTokens = "added_tokens"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(Model.self, forKey: .model)
        normalizer = try c.decodeIfPresent(Normalizer.self, forKey: .normalizer)
        preTokenizer = try c.decodeIfPresent(PreTokenizer.self, forKey: .preTokenizer)
        postProcessor = try c.decodeIfPresent(PostProcessorJSON.self, forKey: .postProcessor)
        padding = try c.decodeIfPresent(PaddingJSON.self, forKey: .padding)
        addedTokens = try c.decodeIfPresent([AddedToken].self, forKey: .addedTokens) ?? []
    }
}
