/// The parts of a HuggingFace `tokenizer_config.json` (or `special_tokens_map.json`) a BERT tokenizer reads.
struct TokenizerConfig: Decodable {
    var doLowerCase: Bool?
    var stripAccents: Bool?
    var tokenizeChineseChars: Bool?
    var unkToken: String?
    var sepToken: String?
    var padToken: String?
    var clsToken: String?
    var maskToken: String?

    private enum CodingKeys: String, CodingKey {
        case doLowerCase = "do_lower_case"
        case stripAccents = "strip_accents"
        case tokenizeChineseChars = "tokenize_chinese_chars"
        case unkToken = "unk_token"
        case sepToken = "sep_token"
        case padToken = "pad_token"
        case clsToken = "cls_token"
        case maskToken = "mask_token"
    }

    /// An empty configuration (every field at its default).
    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        doLowerCase = try c.decodeIfPresent(Bool.self, forKey: .doLowerCase)
        stripAccents = try c.decodeIfPresent(Bool.self, forKey: .stripAccents)
        tokenizeChineseChars = try c.decodeIfPresent(Bool.self, forKey: .tokenizeChineseChars)
        unkToken = try Self.token(c, .unkToken)
        sepToken = try Self.token(c, .sepToken)
        padToken = try Self.token(c, .padToken)
        clsToken = try Self.token(c, .clsToken)
        maskToken = try Self.token(c, .maskToken)
    }

    /// A special token written as `"[UNK]"` or as `{"content": "[UNK]", …}`.
    private static func token(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String? {
        guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
        if let s = try? c.decode(String.self, forKey: key) { return s }
        return try c.decode(AddedTokenContent.self, forKey: key).content
    }

    private struct AddedTokenContent: Decodable {
        var content: String
    }

    /// Fields of `self`, falling back to `other`'s where `self` has none.
    func filling(from other: TokenizerConfig) -> TokenizerConfig {
        var c = self
        c.doLowerCase = doLowerCase ?? other.doLowerCase
        c.stripAccents = stripAccents ?? other.stripAccents
        c.tokenizeChineseChars = tokenizeChineseChars ?? other.tokenizeChineseChars
        c.unkToken = unkToken ?? other.unkToken
        c.sepToken = sepToken ?? other.sepToken
        c.padToken = padToken ?? other.padToken
        c.clsToken = clsToken ?? other.clsToken
        c.maskToken = maskToken ?? other.maskToken
        return c
    }
}
