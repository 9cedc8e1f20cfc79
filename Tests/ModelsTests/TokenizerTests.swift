import Foundation
import Testing
import Models
import TestSupport

/// The WordPiece tokenizer against HuggingFace `tokenizers` (fixtures from `make_tokenizer_fixtures.py`).
@Suite struct TokenizerTests {
    /// `tokenizer_ids.json`.
    struct Fixture: Decodable {
        struct Text: Decodable {
            var text: String
            var input_ids: [Int32]
            var attention_mask: [Int32]
            var token_type_ids: [Int32]
            var untruncated_ids: [Int32]
        }
        struct Batch: Decodable {
            var texts: [String]
            var input_ids: [[Int32]]
            var attention_mask: [[Int32]]
            var token_type_ids: [[Int32]]
        }
        var max_length: Int
        var texts: [Text]
        var padded_batch: Batch
    }

    static let fixtures = try! Bundle.module.fixtures
    static let modelFolder = fixtures.appendingPathComponent("tokenizers/all-MiniLM-L6-v2")

    let fixture: Fixture
    let tokenizer: BertTokenizer

    init() throws {
        fixture = try Bundle.module.decodeFixture(Fixture.self, "tokenizer_ids.json")
        tokenizer = try BertTokenizer(folder: Self.modelFolder)
    }

    @Test func fixtureCoversTheBrief() throws {
        let texts = try Bundle.module.decodeFixture([String].self, "texts.json")
        #expect(texts.count >= 64)
        #expect(fixture.texts.map(\.text) == texts)
        #expect(fixture.texts.contains { $0.untruncated_ids.count > fixture.max_length })
        #expect(tokenizer.maxSequenceLength == fixture.max_length)
    }

    @Test func truncatedIdsMatchHuggingFace() {
        for (i, t) in fixture.texts.enumerated() {
            #expect(tokenizer.encode(t.text, maxLength: fixture.max_length) == t.input_ids, "text \(i): \(t.text.debugDescription)")
        }
    }

    @Test func untruncatedIdsMatchHuggingFace() {
        for (i, t) in fixture.texts.enumerated() {
            #expect(tokenizer.encode(t.text, maxLength: .max) == t.untruncated_ids, "text \(i): \(t.text.debugDescription)")
        }
    }

    @Test func singleRowBatchesMatchMasksAndTypes() {
        for (i, t) in fixture.texts.enumerated() {
            let batch = tokenizer.encodeBatch([t.text], maxLength: fixture.max_length)
            #expect(batch.batchSize == 1 && batch.sequenceLength == t.input_ids.count, "text \(i)")
            #expect(batch.inputIds == t.input_ids, "text \(i)")
            #expect(batch.attentionMask == t.attention_mask, "text \(i)")
            #expect(batch.tokenTypeIds == t.token_type_ids, "text \(i)")
        }
    }

    /// Parallel tokenisation (chunks on `Parallel.width` threads) gives each text's own ids, in order.
    @Test func encodeAllMatchesOneTextAtATime() {
        let texts = (0..<12).flatMap { r in fixture.texts.map { "\(r) \($0.text)" } }   // several chunks of 16
        let rows = tokenizer.encodeAll(texts, maxLength: fixture.max_length)
        #expect(rows == texts.map { tokenizer.encode($0, maxLength: fixture.max_length) })
    }

    @Test func paddedBatchMatchesSentenceTransformers() {
        let want = fixture.padded_batch
        let batch = tokenizer.encodeBatch(want.texts, maxLength: fixture.max_length)
        #expect(batch.batchSize == want.texts.count)
        #expect(batch.sequenceLength == want.input_ids[0].count)
        #expect(batch.inputIds == want.input_ids.flatMap { $0 })
        #expect(batch.attentionMask == want.attention_mask.flatMap { $0 })
        #expect(batch.tokenTypeIds == want.token_type_ids.flatMap { $0 })
        #expect(batch.lengths == want.attention_mask.map { Int($0.reduce(0, +)) })
        #expect(batch.inputIds(row: 1).prefix(6) == [101, 7592, 1010, 2088, 999, 102])
    }

    @Test func vocabTxtGivesTheSameIdsAsTokenizerJSON() throws {
        let folder = try TemporaryFolder()
        for name in ["vocab.txt", "tokenizer_config.json"] { try folder.copy(Self.modelFolder.appendingPathComponent(name)) }
        let fromVocab = try BertTokenizer(folder: folder.url)
        #expect(fromVocab.vocabularySize == tokenizer.vocabularySize)
        #expect(fromVocab.padId == tokenizer.padId)
        #expect(fromVocab.template == tokenizer.template)
        for (i, t) in fixture.texts.enumerated() {
            #expect(fromVocab.encode(t.text, maxLength: .max) == t.untruncated_ids, "text \(i): \(t.text.debugDescription)")
        }
        let direct = try BertTokenizer(vocabFile: folder.appendingPathComponent("vocab.txt"))  // defaults = uncased BERT
        #expect(direct.encode("Héllo, WORLD! 中文", maxLength: .max) == tokenizer.encode("Héllo, WORLD! 中文", maxLength: .max))
    }

    @Test func truncationKeepsSpecialTokens() {
        let text = fixture.texts.max { $0.untruncated_ids.count < $1.untruncated_ids.count }!
        for n in [2, 3, 10, 128] {
            let ids = tokenizer.encode(text.text, maxLength: n)
            #expect(ids.count == n)
            #expect(ids.first == 101 && ids.last == 102)
            #expect(Array(ids.dropLast()) == Array(text.untruncated_ids.prefix(n - 1)))
        }
        #expect(tokenizer.encode("hello world", maxLength: 0) == [101, 102])  // never less than the template
    }

    @Test func batchFromRowsPadsToTheLongest() {
        let batch = TokenBatch(rows: [[101, 7, 102], [101, 102]], padId: 0)
        #expect(batch.batchSize == 2 && batch.sequenceLength == 3)
        #expect(batch.inputIds == [101, 7, 102, 101, 102, 0])
        #expect(batch.attentionMask == [1, 1, 1, 1, 1, 0])
        #expect(batch.tokenTypeIds == [0, 0, 0, 0, 0, 0])
        #expect(batch.lengths == [3, 2])
    }

    @Test func emptyBatch() {
        let batch = tokenizer.encodeBatch([], maxLength: 256)
        #expect(batch.batchSize == 0 && batch.sequenceLength == 0 && batch.inputIds.isEmpty)
    }

    @Test func tokensAndVocabularyLookups() {
        #expect(tokenizer.tokenize("The unaffable café!") == ["the", "una", "##ffa", "##ble", "cafe", "!"])
        #expect(tokenizer.tokenize("[CLS] hi [MASK]") == ["[CLS]", "hi", "[MASK]"])
        #expect(tokenizer.id(for: "[PAD]") == 0)
        #expect(tokenizer.token(for: 101) == "[CLS]")
        #expect(tokenizer.token(for: -1) == nil)
    }

    @Test func basicTokenizerFollowsBert() {
        let uncased = BasicTokenizer()
        #expect(uncased.tokenize("Héllo, WORLD!") == ["hello", ",", "world", "!"])
        #expect(uncased.tokenize("我爱NLP") == ["我", "爱", "nlp"])
        #expect(uncased.tokenize(" \t\n ") == [])
        #expect(uncased.tokenize("a\u{0}b\u{200B}c\u{FFFD}d") == ["abcd"])
        #expect(uncased.normalize("İ") == "i")  // accents stripped before lowercasing
        let cased = BasicTokenizer(lowercase: false)
        #expect(cased.tokenize("Héllo, WORLD!") == ["Héllo", ",", "WORLD", "!"])
        #expect(cased.normalize("İ") == "İ")
        let lowerKeepAccents = BasicTokenizer(lowercase: true, stripAccents: false)
        #expect(lowerKeepAccents.tokenize("Café") == ["café"])
    }

    @Test func wordPieceIsGreedyLongestMatchFirst() throws {
        let wp = try WordPiece(vocabulary: ["un": 0, "##aff": 1, "##able": 2, "[UNK]": 3, "u": 4, "##n": 5], maxInputCharsPerWord: 9)
        #expect(wp.tokenize("unaffable") == [0, 1, 2])
        #expect(wp.tokenize("unx") == [3])            // an unmatched part makes the whole word unknown
        #expect(wp.tokenize("unaffablee") == [3])     // 10 scalars > 9
        #expect(wp.tokenize("un") == [0])
    }

    /// Added tokens follow HuggingFace's `AddedVocabulary` (the matcher the Unigram fixtures pin): a
    /// `single_word` token must not touch a word character (`\w`), so punctuation next to it does not stop it.
    @Test func singleWordAddedTokensUseWordCharacters() throws {
        let vocabulary: [String: Int32] = ["[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "legal": 4, ",": 5, "il": 6,
                                           "##legal": 7, "_": 8, "x": 9]
        let tokenizer = try BertTokenizer(vocabulary: vocabulary,
                                          addedTokens: [AddedToken(id: 10, content: "legal", singleWord: true, special: false)])
        #expect(tokenizer.encode("legal, illegal legal_x legal", maxLength: .max) == [2, 10, 5, 6, 7, 4, 8, 9, 10, 3])
    }
}
