import Foundation
import Testing
import Models
import TestSupport

/// Bad tokenizer files give a `TokenizerError` whose message names the file and the problem.
@Suite struct TokenizerErrorTests {
    /// The error message of loading `files` as a model folder (fails the test if it loads).
    static func message(_ files: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let folder = try TemporaryFolder(files: files)
        do {
            _ = try BertTokenizer(folder: folder.url)
            Issue.record("loaded without error", sourceLocation: sourceLocation)
            return ""
        } catch {
            return error.description
        }
    }

    /// A minimal WordPiece `tokenizer.json` with the given sections.
    static func tokenizerJSON(model: String? = nil, normalizer: String = #"{"type": "BertNormalizer"}"#,
                              preTokenizer: String = #"{"type": "BertPreTokenizer"}"#, postProcessor: String = "null") -> String {
        let wordPiece = ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hi": 4}}"###
        return #"{"version": "1.0", "added_tokens": [], "normalizer": \#(normalizer), "pre_tokenizer": \#(preTokenizer), "post_processor": \#(postProcessor), "model": \#(model ?? wordPiece)}"#
    }

    @Test func missingFolder() {
        let url = URL(fileURLWithPath: "/nonexistent/wb-no-such-model")
        #expect(throws: TokenizerError.missingFolder(url)) { try BertTokenizer(folder: url) }
        #expect(TokenizerError.missingFolder(url).description.contains("wb-no-such-model"))
    }

    @Test func folderWithoutTokenizerFiles() throws {
        let m = try Self.message(["config.json": "{}"])
        #expect(m.contains("tokenizer.json") && m.contains("vocab.txt"), "\(m)")
    }

    @Test func missingExplicitFile() {
        let url = URL(fileURLWithPath: "/nonexistent/vocab.txt")
        do {
            _ = try BertTokenizer(vocabFile: url)
            Issue.record("loaded")
        } catch {
            #expect(error.description.contains("vocab.txt") && error.description.contains("no such file"), "\(error)")
        }
    }

    @Test func malformedJSON() throws {
        let m = try Self.message(["tokenizer.json": "{\"model\": {\"type\": \"WordPiece\", "])
        #expect(m.contains("tokenizer.json") && m.contains("malformed JSON"), "\(m)")
        let wrongShape = try Self.message(["tokenizer.json": Self.tokenizerJSON(model: #"{"type": "WordPiece", "vocab": ["a", "b"]}"#)])
        #expect(wrongShape.contains("tokenizer.json") && wrongShape.contains("model.vocab"), "\(wrongShape)")
        let config = try Self.message(["vocab.txt": "[PAD]\n[UNK]\n[CLS]\n[SEP]\n", "tokenizer_config.json": "{\"do_lower_case\": \"yes\"}"])
        #expect(config.contains("tokenizer_config.json") && config.contains("do_lower_case"), "\(config)")
    }

    @Test func unsupportedModelTypes() throws {
        let bpe = try Self.message(["tokenizer.json": Self.tokenizerJSON(model: #"{"type": "BPE", "vocab": {"a": 0}, "merges": []}"#)])
        #expect(bpe.contains("tokenizer.json") && bpe.contains("\"BPE\""), "\(bpe)")
        let unigram = try Self.message(["tokenizer.json": Self.tokenizerJSON(model: #"{"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]]}"#)])
        #expect(unigram.contains("tokenizer.json") && unigram.contains("\"Unigram\""), "\(unigram)")
    }

    @Test func unsupportedPipelineParts() throws {
        let normalizer = try Self.message(["tokenizer.json": Self.tokenizerJSON(normalizer: #"{"type": "NFKC"}"#)])
        #expect(normalizer.contains("tokenizer.json") && normalizer.contains("normalizer") && normalizer.contains("\"NFKC\""), "\(normalizer)")
        let pre = try Self.message(["tokenizer.json": Self.tokenizerJSON(preTokenizer: #"{"type": "ByteLevel", "add_prefix_space": false}"#)])
        #expect(pre.contains("tokenizer.json") && pre.contains("\"ByteLevel\""), "\(pre)")
        let post = try Self.message(["tokenizer.json": Self.tokenizerJSON(postProcessor: #"{"type": "ByteLevel", "trim_offsets": true}"#)])
        #expect(post.contains("tokenizer.json") && post.contains("post-processor"), "\(post)")
    }

    @Test func vocabularyWithoutRequiredTokens() throws {
        for (missing, role) in [("[UNK]", "unknown"), ("[CLS]", "classifier"), ("[SEP]", "separator"), ("[PAD]", "padding")] {
            let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello"].filter { $0 != missing }.joined(separator: "\n") + "\n"
            let m = try Self.message(["vocab.txt": vocab])
            #expect(m.contains("vocab.txt") && m.contains(missing) && m.contains(role), "\(m)")
        }
        let json = Self.tokenizerJSON(model: #"{"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[PAD]": 0, "hi": 1}}"#)
        let m = try Self.message(["tokenizer.json": json])
        #expect(m.contains("tokenizer.json") && m.contains("[UNK]"), "\(m)")
        let empty = try Self.message(["vocab.txt": ""])
        #expect(empty.contains("vocab.txt") && empty.contains("empty"), "\(empty)")
    }

    @Test func minimalTokenizerJSONLoads() throws {
        let folder = try TemporaryFolder(files: ["tokenizer.json": Self.tokenizerJSON(
            postProcessor: #"{"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}"#)])
        let tokenizer = try BertTokenizer(folder: folder.url)
        #expect(tokenizer.encode("Hi HI hello", maxLength: 16) == [2, 4, 4, 1, 3])
        #expect(tokenizer.maxSequenceLength == nil)
    }
}
