/// The sections of a HuggingFace `tokenizer.json` whose model is WordPiece, as ``BertTokenizer`` reads them
/// (the file's layout is the shared ``TokenizerJSON``).
///
/// Sections are decoded by their `type` first, so a BPE or Unigram file fails with a clear
/// "unsupported model" rather than a shape mismatch.
enum WordPieceTokenizerJSON {
    /// The whole file.
    typealias File = TokenizerJSON<Model, Normalizer, TypeOnly>

    /// A section read only for its `type`.
    struct TypeOnly: Decodable {
        var type: String
    }

    /// `model`: the vocabulary and WordPiece settings (read only when `type` is WordPiece).
    struct Model: Decodable {
        var type: String
        var vocab: [String: Int32] = [:]
        var unkToken = "[UNK]"
        var continuingSubwordPrefix = "##"
        var maxInputCharsPerWord = 100

        private enum CodingKeys: String, CodingKey {
            case vocab
            case unkToken = "unk_token"
            case continuingSubwordPrefix = "continuing_subword_prefix"
            case maxInputCharsPerWord = "max_input_chars_per_word"
        }

        init(from decoder: any Decoder) throws {
            type = try TokenizerModelType(from: decoder).type
            guard type == "WordPiece" else { return }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            vocab = try c.decode([String: Int32].self, forKey: .vocab)
            unkToken = try c.decodeIfPresent(String.self, forKey: .unkToken) ?? unkToken
            continuingSubwordPrefix = try c.decodeIfPresent(String.self, forKey: .continuingSubwordPrefix)
                ?? continuingSubwordPrefix
            maxInputCharsPerWord = try c.decodeIfPresent(Int.self, forKey: .maxInputCharsPerWord) ?? maxInputCharsPerWord
        }
    }

    /// `normalizer`: BertNormalizer's flags (read only when `type` is BertNormalizer).
    struct Normalizer: Decodable {
        var type: String
        var cleanText = true
        var handleChineseChars = true
        var stripAccents: Bool?
        var lowercase = true

        private enum CodingKeys: String, CodingKey {
            case type, lowercase
            case cleanText = "clean_text"
            case handleChineseChars = "handle_chinese_chars"
            case stripAccents = "strip_accents"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            guard type == "BertNormalizer" else { return }
            cleanText = try c.decodeIfPresent(Bool.self, forKey: .cleanText) ?? cleanText
            handleChineseChars = try c.decodeIfPresent(Bool.self, forKey: .handleChineseChars) ?? handleChineseChars
            stripAccents = try c.decodeIfPresent(Bool.self, forKey: .stripAccents)
            lowercase = try c.decodeIfPresent(Bool.self, forKey: .lowercase) ?? lowercase
        }
    }
}
