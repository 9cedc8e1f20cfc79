import Foundation
import Testing
import Models
import TestSupport

/// The Unigram (SentencePiece / XLM-R) tokenizer against HuggingFace `tokenizers`
/// (fixtures from `Fixtures/make_unigram_fixtures.py` and `Fixtures/make_e5_tokenizer_fixtures.py`).
@Suite struct UnigramTokenizerTests {
    /// `unigram/ids.json`: for each fixture tokenizer, HF's ids of every text.
    struct Fixture: Decodable {
        struct Text: Decodable {
            var text: String
            var input_ids: [Int32]
            var token_type_ids: [Int32]
            var untruncated_ids: [Int32]
        }
        struct Batch: Decodable {
            var texts: [String]
            var pad_id: Int32
            var input_ids: [[Int32]]
            var attention_mask: [[Int32]]
            var token_type_ids: [[Int32]]
        }
        struct Tokenizer: Decodable {
            var texts: [Text]
            var padded_batch: Batch
        }
        var max_length: Int
        var tokenizers: [String: Tokenizer]
    }

    static let fixtures = try! Bundle.module.fixtures
    static let unigram = fixtures.appendingPathComponent("unigram")
    /// The fixture tokenizers: XLM-R layout; byte fallback; other normalizers and pre-tokenizers; no pre-tokenizer.
    static let names = ["xlmr", "bytefallback", "pipeline", "plain"]

    static let fixture = try! Bundle.module.decodeFixture(Fixture.self, "unigram/ids.json")

    /// The fixture tokenizer `name`; those without a `<pad>` piece pad with id 0 (`<unk>`), as the fixture does.
    static func tokenizer(_ name: String) throws -> UnigramTokenizer {
        let url = unigram.appendingPathComponent("\(name)/tokenizer.json")
        return try UnigramTokenizer(tokenizerJSON: url, padToken: name == "xlmr" ? nil : "<unk>")
    }

    /// The pieces of `ids` (for failure messages).
    static func pieces(_ ids: [Int32], _ tokenizer: UnigramTokenizer) -> String {
        ids.map { tokenizer.token(for: $0) ?? "?" }.joined(separator: " ")
    }

    @Test func fixtureCoversTheBrief() throws {
        #expect(Set(Self.fixture.tokenizers.keys) == Set(Self.names))
        let texts = Self.fixture.tokenizers["xlmr"]!.texts.map(\.text)
        #expect(texts.count >= 60)
        #expect(texts.contains(""))
        #expect(texts.contains { $0.contains("\u{200D}") })                      // emoji ZWJ sequences
        #expect(texts.contains { $0.unicodeScalars.contains { $0.value == 0x301 } })  // combining accents
        #expect(texts.contains { $0.hasPrefix(" ") && $0.hasSuffix(" ") })
        let xlmr = try Self.tokenizer("xlmr")
        let unknown = xlmr.id(for: "<unk>")!
        #expect(Self.fixture.tokenizers["xlmr"]!.texts.contains { $0.untruncated_ids.contains(unknown) })
        #expect(Self.fixture.tokenizers["xlmr"]!.texts.contains { $0.untruncated_ids.count > Self.fixture.max_length })
        let bytes = try Self.tokenizer("bytefallback")
        #expect(Self.fixture.tokenizers["bytefallback"]!.texts.contains { $0.untruncated_ids.contains(bytes.id(for: "<0xE4>")!) })
        let size = try FileManager.default.attributesOfItem(atPath: Self.unigram.appendingPathComponent("xlmr/tokenizer.json").path)[.size] as! Int
        #expect(size < 400_000)
    }

    @Test(arguments: names) func untruncatedIdsMatchHuggingFace(name: String) throws {
        let tokenizer = try Self.tokenizer(name)
        for (i, t) in Self.fixture.tokenizers[name]!.texts.enumerated() {
            let got = tokenizer.encode(t.text, maxLength: .max)
            #expect(got == t.untruncated_ids, """
                \(name) text \(i) \(t.text.debugDescription)
                  got  \(Self.pieces(got, tokenizer))
                  want \(Self.pieces(t.untruncated_ids, tokenizer))
                """)
        }
    }

    @Test(arguments: names) func truncatedIdsMatchHuggingFace(name: String) throws {
        let tokenizer = try Self.tokenizer(name)
        for (i, t) in Self.fixture.tokenizers[name]!.texts.enumerated() {
            #expect(tokenizer.encode(t.text, maxLength: Self.fixture.max_length) == t.input_ids, "\(name) text \(i)")
            let batch = tokenizer.encodeBatch([t.text], maxLength: Self.fixture.max_length)
            #expect(batch.tokenTypeIds == t.token_type_ids, "\(name) text \(i)")
        }
    }

    /// Parallel tokenisation (chunks on `Parallel.width` threads) gives each text's own ids, in order.
    @Test(arguments: names) func encodeAllMatchesOneTextAtATime(name: String) throws {
        let tokenizer = try Self.tokenizer(name)
        let texts = (0..<12).flatMap { r in Self.fixture.tokenizers[name]!.texts.map { "\(r) \($0.text)" } }
        let rows = tokenizer.encodeAll(texts, maxLength: Self.fixture.max_length)
        #expect(rows == texts.map { tokenizer.encode($0, maxLength: Self.fixture.max_length) })
    }

    @Test(arguments: names) func paddedBatchMatchesHuggingFace(name: String) throws {
        let tokenizer = try Self.tokenizer(name)
        let want = Self.fixture.tokenizers[name]!.padded_batch
        #expect(tokenizer.padId == want.pad_id)
        let batch = tokenizer.encodeBatch(want.texts, maxLength: Self.fixture.max_length)
        #expect(batch.batchSize == want.texts.count)
        #expect(batch.inputIds == want.input_ids.flatMap { $0 })
        #expect(batch.attentionMask == want.attention_mask.flatMap { $0 })
        #expect(batch.tokenTypeIds == want.token_type_ids.flatMap { $0 })
    }

    @Test func xlmrLayout() throws {
        let tokenizer = try Self.tokenizer("xlmr")
        #expect(tokenizer.template == SequenceTemplate(prefix: [0], suffix: [2]))
        #expect(tokenizer.padId == 1)
        #expect(tokenizer.id(for: "<mask>") == Int32(tokenizer.vocabularySize - 1))
        #expect(tokenizer.encode("", maxLength: 512) == [0, 2])
        #expect(tokenizer.encode("hello world", maxLength: 2) == [0, 2])   // never less than the template
        #expect(tokenizer.tokenize("<s>") == ["<s>"])
        #expect(tokenizer.tokenize("Hello <mask>!").contains("<mask>"))
        #expect(tokenizer.token(for: -1) == nil && tokenizer.token(for: 1_000_000) == nil)
    }

    @Test func autoTokenizerPicksTheModel() throws {
        let unigram = try AutoTokenizer.load(folder: Self.unigram.appendingPathComponent("xlmr"))
        #expect(unigram is UnigramTokenizer)
        let text = "中华人民共和国刑法 and English"
        #expect(unigram.encode(text, maxLength: 64) == (try Self.tokenizer("xlmr")).encode(text, maxLength: 64))
        let wordPiece = try AutoTokenizer.load(folder: Self.fixtures.appendingPathComponent("tokenizers/all-MiniLM-L6-v2"))
        #expect(wordPiece is BertTokenizer)
        #expect(wordPiece.encode("hello world", maxLength: 16) == [101, 7592, 2088, 102])

        // A folder with only vocab.txt stays WordPiece.
        let folder = try TemporaryFolder()
        try folder.copy(Self.fixtures.appendingPathComponent("tokenizers/all-MiniLM-L6-v2/vocab.txt"))
        #expect(try AutoTokenizer.load(folder: folder.url) is BertTokenizer)
    }

    @Test func utf8BytesEncodeLikeStrings() throws {
        let tokenizer = try Self.tokenizer("xlmr")
        for t in Self.fixture.tokenizers["xlmr"]!.texts.prefix(40) {
            #expect(try tokenizer.encode(utf8: Array(t.text.utf8), maxLength: 32) == t.input_ids)
            #expect(try tokenizer.encode(utf8: Data(t.text.utf8), maxLength: .max) == t.untruncated_ids)
        }
    }

    @Test func invalidUTF8NamesTheByteOffset() throws {
        let tokenizer = try Self.tokenizer("xlmr")
        let cases: [([UInt8], Int)] = [
            ([0x61, 0x62, 0x80], 2),                    // stray continuation byte
            (Array("中文".utf8) + [0xE4, 0xB8], 6),       // truncated 3-byte sequence
            ([0x41, 0xC0, 0xAF], 1),                    // overlong "/"
            ([0xED, 0xA0, 0x80], 0),                    // UTF-16 surrogate
            ([0x20, 0xF4, 0x90, 0x80, 0x80], 1),        // above U+10FFFF
            ([0x61, 0xFF], 1),
        ]
        for (bytes, offset) in cases {
            #expect(throws: TokenizerError.invalidUTF8(byteOffset: offset)) {
                try tokenizer.encode(utf8: bytes, maxLength: 16)
            }
        }
        let bert = try BertTokenizer(folder: Self.fixtures.appendingPathComponent("tokenizers/all-MiniLM-L6-v2"))
        #expect(throws: TokenizerError.invalidUTF8(byteOffset: 3)) { try bert.encode(utf8: [0x68, 0x69, 0x20, 0xC3], maxLength: 8) }
        #expect(try bert.encode(utf8: Data("hi".utf8), maxLength: 8) == bert.encode("hi", maxLength: 8))
        let message = TokenizerError.invalidUTF8(byteOffset: 6).description
        #expect(message.contains("UTF-8") && message.contains("byte offset 6"), "\(message)")
    }

    // MARK: - Bad tokenizer files

    /// A minimal Unigram `tokenizer.json` with the given sections.
    static func tokenizerJSON(model: String? = nil, normalizer: String = "null", preTokenizer: String = #"{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true}"#,
                              postProcessor: String = "null") -> String {
        let unigram = #"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", 0.0], ["<pad>", 0.0], ["▁", -1.0], ["a", -2.0]]}"#
        return #"{"version": "1.0", "added_tokens": [], "normalizer": \#(normalizer), "pre_tokenizer": \#(preTokenizer), "post_processor": \#(postProcessor), "model": \#(model ?? unigram)}"#
    }

    /// The error message of loading `json` as a model folder's tokenizer.json with `AutoTokenizer`.
    static func message(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let folder = try TemporaryFolder(files: ["tokenizer.json": json])
        do {
            _ = try AutoTokenizer.load(folder: folder.url)
            Issue.record("loaded without error", sourceLocation: sourceLocation)
            return ""
        } catch {
            return error.description
        }
    }

    @Test func minimalFileLoads() throws {
        let folder = try TemporaryFolder(files: ["tokenizer.json": Self.tokenizerJSON()])
        let tokenizer = try UnigramTokenizer(folder: folder.url)
        #expect(tokenizer.encode("a aa", maxLength: 16) == [2, 3, 2, 3, 3])
        #expect(tokenizer.encode("ab", maxLength: 16) == [2, 3, 0])
        #expect(tokenizer.padId == 1)
    }

    @Test func unsupportedModelIsNamed() throws {
        let bpe = try Self.message(Self.tokenizerJSON(model: #"{"type": "BPE", "vocab": {"a": 0}, "merges": []}"#))
        #expect(bpe.contains("tokenizer.json") && bpe.contains("\"BPE\"") && bpe.contains("Unigram"), "\(bpe)")
        let folder = try TemporaryFolder(files: ["tokenizer.json": Self.tokenizerJSON(model: #"{"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "a"}"#)])
        let url = folder.url
        #expect(throws: TokenizerError.unsupportedModel(url.appendingPathComponent("tokenizer.json"), type: "WordLevel")) {
            try UnigramTokenizer(folder: url)
        }
    }

    @Test func unsupportedNormalizerIsNamed() throws {
        let bert = try Self.message(Self.tokenizerJSON(normalizer: #"{"type": "BertNormalizer", "lowercase": true}"#))
        #expect(bert.contains("tokenizer.json") && bert.contains("normalizer") && bert.contains("\"BertNormalizer\""), "\(bert)")
        let nested = try Self.message(Self.tokenizerJSON(normalizer: #"{"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "ByteLevel"}]}"#))
        #expect(nested.contains("tokenizer.json") && nested.contains("\"ByteLevel\""), "\(nested)")
        let pre = try Self.message(Self.tokenizerJSON(preTokenizer: #"{"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": true}]}"#))
        #expect(pre.contains("tokenizer.json") && pre.contains("pre-tokenizer") && pre.contains("\"Digits\""), "\(pre)")
        let post = try Self.message(Self.tokenizerJSON(postProcessor: #"{"type": "ByteLevel", "trim_offsets": true}"#))
        #expect(post.contains("tokenizer.json") && post.contains("post-processor") && post.contains("\"ByteLevel\""), "\(post)")
    }

    @Test func malformedUnigramFilesAreLocated() throws {
        let noUnknown = try Self.message(Self.tokenizerJSON(model: #"{"type": "Unigram", "unk_id": null, "vocab": [["a", -1.0]]}"#))
        #expect(noUnknown.contains("tokenizer.json") && noUnknown.contains("unk_id"), "\(noUnknown)")
        let outside = try Self.message(Self.tokenizerJSON(model: #"{"type": "Unigram", "unk_id": 7, "vocab": [["a", -1.0]]}"#))
        #expect(outside.contains("unk_id 7"), "\(outside)")
        let shape = try Self.message(Self.tokenizerJSON(model: #"{"type": "Unigram", "unk_id": 0, "vocab": [["a", "high"]]}"#))
        #expect(shape.contains("malformed JSON") && shape.contains("model.vocab"), "\(shape)")
        let charsmap = try Self.message(Self.tokenizerJSON(normalizer: #"{"type": "Precompiled", "precompiled_charsmap": "AAEC"}"#))
        #expect(charsmap.contains("precompiled_charsmap"), "\(charsmap)")
        let regex = try Self.message(Self.tokenizerJSON(normalizer: #"{"type": "Replace", "pattern": {"Regex": "(unclosed"}, "content": ""}"#))
        #expect(regex.contains("(unclosed"), "\(regex)")
        let noPad = try Self.message(Self.tokenizerJSON(model: #"{"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]]}"#))
        #expect(noPad.contains("<pad>") && noPad.contains("padding"), "\(noPad)")
    }

    // MARK: - multilingual-e5-small

    /// `unigram/e5_ids.json`: HF's ids for the real multilingual-e5-small tokenizer.
    struct E5Fixture: Decodable {
        struct Text: Decodable {
            var text: String
            var input_ids: [Int32]
            var untruncated_ids: [Int32]
        }
        var max_length: Int
        var vocab_size: Int
        var texts: [Text]
    }

    /// Needs `models/multilingual-e5-small` from `scripts/setup.sh` (the importer makes it); without it the
    /// test fails, saying so. The fixture is committed (`Fixtures/make_e5_tokenizer_fixtures.py` makes it).
    @Test func multilingualE5MatchesHuggingFace() throws {
        let fixture = try Bundle.module.decodeFixture(E5Fixture.self, "unigram/e5_ids.json")
        let tokenizer = try AutoTokenizer.load(folder: RealAssets.model("multilingual-e5-small"))
        #expect(tokenizer is UnigramTokenizer)
        #expect(tokenizer.vocabularySize == fixture.vocab_size)
        #expect(fixture.texts.count >= 60)
        for (i, t) in fixture.texts.enumerated() {
            #expect(tokenizer.encode(t.text, maxLength: .max) == t.untruncated_ids, "e5 text \(i) \(t.text.debugDescription)")
            #expect(tokenizer.encode(t.text, maxLength: fixture.max_length) == t.input_ids, "e5 text \(i)")
        }
    }
}
