/// A token matched in the text before normalization and WordPiece (`[CLS]`, `[MASK]`, user additions).
///
/// Mirrors an entry of `tokenizer.json`'s `added_tokens`: text equal to `content` becomes `id`
/// directly, whatever the vocabulary would have made of it.
public struct AddedToken: Sendable, Equatable, Decodable {
    /// The id the token encodes to.
    public var id: Int32
    /// The exact text to match.
    public var content: String
    /// Match only when whitespace or the text's edge surrounds it.
    public var singleWord: Bool
    /// Absorb whitespace on the left of a match.
    public var lstrip: Bool
    /// Absorb whitespace on the right of a match.
    public var rstrip: Bool
    /// Match against the normalized text (with `content` normalized too) instead of the raw text.
    public var normalized: Bool
    /// Whether it is a special token (`[CLS]`, `[PAD]`, …).
    public var special: Bool

    /// An added token; the defaults are those of a BERT special token.
    public init(id: Int32, content: String, singleWord: Bool = false, lstrip: Bool = false, rstrip: Bool = false,
                normalized: Bool = false, special: Bool = true) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.normalized = normalized
        self.special = special
    }

    private enum CodingKeys: String, CodingKey {
        case id, content, lstrip, rstrip, normalized, special
        case singleWord = "single_word"
    }

    /// Decodes a `tokenizer.json` `added_tokens` entry (missing flags take HuggingFace's defaults).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int32.self, forKey: .id)
        content = try c.decode(String.self, forKey: .content)
        singleWord = try c.decodeIfPresent(Bool.self, forKey: .singleWord) ?? false
        lstrip = try c.decodeIfPresent(Bool.self, forKey: .lstrip) ?? false
        rstrip = try c.decodeIfPresent(Bool.self, forKey: .rstrip) ?? false
        special = try c.decodeIfPresent(Bool.self, forKey: .special) ?? false
        normalized = try c.decodeIfPresent(Bool.self, forKey: .normalized) ?? !special
    }
}
