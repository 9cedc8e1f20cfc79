/// The sections of a HuggingFace `tokenizer.json` whose model is Unigram, as ``UnigramTokenizer`` reads them
/// (the file's layout is the shared ``TokenizerJSON``).
///
/// Sections are decoded by their `type` first: a type this tokenizer cannot run decodes as
/// `.unsupported(type)`, so loading fails with an error naming it rather than with a shape mismatch.
enum UnigramTokenizerJSON {
    /// The whole file.
    typealias File = TokenizerJSON<Model, Normalizer, PreTokenizer>

    /// `model`: pieces with scores (read only when `type` is Unigram).
    struct Model: Decodable {
        var type: String
        var unkId: Int?
        var vocab: [Piece] = []
        var byteFallback = false

        private enum CodingKeys: String, CodingKey {
            case vocab
            case unkId = "unk_id"
            case byteFallback = "byte_fallback"
        }

        init(from decoder: any Decoder) throws {
            type = try TokenizerModelType(from: decoder).type
            guard type == "Unigram" else { return }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            unkId = try c.decodeIfPresent(Int.self, forKey: .unkId)
            vocab = try c.decode([Piece].self, forKey: .vocab)
            byteFallback = try c.decodeIfPresent(Bool.self, forKey: .byteFallback) ?? false
        }
    }

    /// A `[piece, score]` pair of `model.vocab`.
    struct Piece: Decodable {
        var piece: String
        var score: Double

        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            piece = try c.decode(String.self)
            score = try c.decode(Double.self)
        }
    }

    /// `normalizer`, with a `Sequence` kept as a tree.
    indirect enum Normalizer: Decodable {
        case sequence([Normalizer])
        case precompiled(charsmap: String)
        case replace(Pattern, content: String)
        case nfc, nfd, nfkc, nfkd, lowercase, nmt, stripAccents
        case strip(left: Bool, right: Bool)
        case prepend(String)
        case unsupported(String)

        private enum CodingKeys: String, CodingKey {
            case type, normalizers, pattern, content, prepend
            case charsmap = "precompiled_charsmap"
            case stripLeft = "strip_left"
            case stripRight = "strip_right"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let type = try c.decode(String.self, forKey: .type)
            switch type {
            case "Sequence": self = .sequence(try c.decode([Normalizer].self, forKey: .normalizers))
            case "Precompiled": self = .precompiled(charsmap: try c.decode(String.self, forKey: .charsmap))
            case "Replace":
                self = .replace(try c.decode(Pattern.self, forKey: .pattern), content: try c.decode(String.self, forKey: .content))
            case "NFC": self = .nfc
            case "NFD": self = .nfd
            case "NFKC": self = .nfkc
            case "NFKD": self = .nfkd
            case "Lowercase": self = .lowercase
            case "Nmt": self = .nmt
            case "StripAccents": self = .stripAccents
            case "Strip":
                self = .strip(left: try c.decodeIfPresent(Bool.self, forKey: .stripLeft) ?? true,
                              right: try c.decodeIfPresent(Bool.self, forKey: .stripRight) ?? true)
            case "Prepend": self = .prepend(try c.decode(String.self, forKey: .prepend))
            default: self = .unsupported(type)
            }
        }
    }

    /// A `Replace` pattern: `{"String": "…"}` or `{"Regex": "…"}`.
    enum Pattern: Decodable {
        case string(String)
        case regex(String)

        private enum CodingKeys: String, CodingKey {
            case string = "String"
            case regex = "Regex"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let s = try c.decodeIfPresent(String.self, forKey: .string) {
                self = .string(s)
            } else {
                self = .regex(try c.decode(String.self, forKey: .regex))
            }
        }
    }

    /// `pre_tokenizer`, with a `Sequence` kept as a tree.
    indirect enum PreTokenizer: Decodable {
        case sequence([PreTokenizer])
        case metaspace(replacement: String, prependScheme: String?, addPrefixSpace: Bool?, split: Bool?)
        case whitespaceSplit
        case unsupported(String)

        private enum CodingKeys: String, CodingKey {
            case type, pretokenizers, replacement, split
            case prependScheme = "prepend_scheme"
            case addPrefixSpace = "add_prefix_space"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let type = try c.decode(String.self, forKey: .type)
            switch type {
            case "Sequence": self = .sequence(try c.decode([PreTokenizer].self, forKey: .pretokenizers))
            case "Metaspace":
                self = .metaspace(replacement: try c.decode(String.self, forKey: .replacement),
                                  prependScheme: try c.decodeIfPresent(String.self, forKey: .prependScheme),
                                  addPrefixSpace: try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace),
                                  split: try c.decodeIfPresent(Bool.self, forKey: .split))
            case "WhitespaceSplit": self = .whitespaceSplit
            default: self = .unsupported(type)
            }
        }
    }
}
