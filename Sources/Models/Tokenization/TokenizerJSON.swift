/// The parts of a HuggingFace `tokenizer.json` that a WordPiece tokenizer needs (a Unigram file is
/// read by ``UnigramTokenizerJSON``, which shares the post-processor and padding sections).
///
/// Sections are decoded by their `type` first, so a BPE or Unigram file fails with a clear
/// "unsupported model" rather than a shape mismatch. `truncation` and the padding length are
/// ignored: callers choose `maxLength`, batches pad to their longest text.
struct TokenizerJSON: Decodable {
    var model: Model
    var normalizer: Normalizer?
    var preTokenizer: TypeOnly?
    var postProcessor: PostProcessor?
    var padding: Padding?
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
        preTokenizer = try c.decodeIfPresent(TypeOnly.self, forKey: .preTokenizer)
        postProcessor = try c.decodeIfPresent(PostProcessor.self, forKey: .postProcessor)
        padding = try c.decodeIfPresent(Padding.self, forKey: .padding)
        addedTokens = try c.decodeIfPresent([AddedToken].self, forKey: .addedTokens) ?? []
    }

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
            case type, vocab, merges
            case unkToken = "unk_token"
            case continuingSubwordPrefix = "continuing_subword_prefix"
            case maxInputCharsPerWord = "max_input_chars_per_word"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            // Old files leave `type` out; WordPiece is the model with a `max_input_chars_per_word`.
            type = try c.decodeIfPresent(String.self, forKey: .type)
                ?? (c.contains(.merges) ? "BPE" : c.contains(.maxInputCharsPerWord) ? "WordPiece" : "unknown")
            guard type == "WordPiece" else { return }
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

    /// `post_processor`: the single-sequence template (TemplateProcessing) or cls/sep (BertProcessing,
    /// RobertaProcessing).
    struct PostProcessor: Decodable {
        var type: String
        /// TemplateProcessing's `single` pieces.
        var single: [Piece] = []
        /// TemplateProcessing's special tokens: name → ids.
        var specialTokens: [String: SpecialTokenIds] = [:]
        /// BertProcessing's and RobertaProcessing's `[token, id]` pairs.
        var cls: Int32?
        var sep: Int32?

        private enum CodingKeys: String, CodingKey {
            case type, single, cls, sep
            case specialTokens = "special_tokens"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            switch type {
            case "TemplateProcessing":
                single = try c.decode([Piece].self, forKey: .single)
                specialTokens = try c.decodeIfPresent([String: SpecialTokenIds].self, forKey: .specialTokens) ?? [:]
            case "BertProcessing", "RobertaProcessing":
                cls = try Self.pairId(c, .cls)
                sep = try Self.pairId(c, .sep)
            default:
                break
            }
        }

        /// The id of a `["[CLS]", 101]` pair.
        private static func pairId(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int32 {
            var pair = try c.nestedUnkeyedContainer(forKey: key)
            _ = try pair.decode(String.self)
            return try pair.decode(Int32.self)
        }

        /// One piece of a template: `{"SpecialToken": {"id": "[CLS]", "type_id": 0}}` or `{"Sequence": {"id": "A", …}}`.
        enum Piece: Decodable {
            case special(name: String, typeId: Int32)
            case sequence(name: String, typeId: Int32)

            private enum Kind: String, CodingKey {
                case specialToken = "SpecialToken"
                case sequence = "Sequence"
            }
            private enum Fields: String, CodingKey {
                case id
                case typeId = "type_id"
            }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Kind.self)
                if c.contains(.specialToken) {
                    let f = try c.nestedContainer(keyedBy: Fields.self, forKey: .specialToken)
                    self = .special(name: try f.decode(String.self, forKey: .id),
                                    typeId: try f.decodeIfPresent(Int32.self, forKey: .typeId) ?? 0)
                } else {
                    let f = try c.nestedContainer(keyedBy: Fields.self, forKey: .sequence)
                    self = .sequence(name: try f.decode(String.self, forKey: .id),
                                     typeId: try f.decodeIfPresent(Int32.self, forKey: .typeId) ?? 0)
                }
            }
        }

        /// A template special token's ids.
        struct SpecialTokenIds: Decodable {
            var ids: [Int32]
        }
    }

    /// `padding`: the pad id.
    struct Padding: Decodable {
        var padId: Int32?
        var padTypeId: Int32?

        private enum CodingKeys: String, CodingKey {
            case padId = "pad_id"
            case padTypeId = "pad_type_id"
        }
    }
}
