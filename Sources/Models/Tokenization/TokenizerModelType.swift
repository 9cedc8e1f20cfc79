/// The `type` of a `tokenizer.json` `model` section; old files leave it out, and then it is guessed from
/// the model's fields (`merges`: BPE, `max_input_chars_per_word`: WordPiece, `unk_id`: Unigram).
struct TokenizerModelType: Decodable {
    var type: String

    private enum CodingKeys: String, CodingKey {
        case type, merges
        case unkId = "unk_id"
        case maxInputCharsPerWord = "max_input_chars_per_word"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
            ?? (c.contains(.merges) ? "BPE" : c.contains(.maxInputCharsPerWord) ? "WordPiece"
                : c.contains(.unkId) ? "Unigram" : "unknown")
    }
}
