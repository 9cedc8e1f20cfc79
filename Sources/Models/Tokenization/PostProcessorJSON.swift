/// A `tokenizer.json` `post_processor`, as both tokenizers read it: the single-sequence template
/// (TemplateProcessing) or cls/sep (BertProcessing, RobertaProcessing).
struct PostProcessorJSON: Decodable {
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
