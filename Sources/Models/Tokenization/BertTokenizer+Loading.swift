import Foundation

extension BertTokenizer {
    /// Loads the tokenizer of a model folder.
    ///
    /// Reads `tokenizer.json` when present, else `vocab.txt` with `tokenizer_config.json` (and
    /// `special_tokens_map.json`); `sentence_bert_config.json`, when present, sets
    /// `maxSequenceLength` and `lowercasesInput`.
    ///
    /// - Throws: `TokenizerError` naming the folder or file that is missing, malformed or unsupported.
    public init(folder: URL) throws(TokenizerError) {
        try TokenizerFiles.checkFolder(folder)
        let tokenizerJSON = folder.appendingPathComponent("tokenizer.json")
        let vocabFile = folder.appendingPathComponent("vocab.txt")
        let config = try TokenizerFiles.config(in: folder)

        if Self.exists(tokenizerJSON) {
            try self.init(tokenizerJSON: tokenizerJSON, padToken: config.padToken)
        } else if Self.exists(vocabFile) {
            try self.init(vocabFile: vocabFile, config: config)
        } else {
            throw .missingTokenizerFiles(folder: folder, looked: ["tokenizer.json", "vocab.txt"])
        }
        if let sentenceBert = try TokenizerFiles.sentenceBertConfig(in: folder) {
            maxSequenceLength = sentenceBert.maxSeqLength
            lowercasesInput = sentenceBert.doLowerCase ?? false
        }
    }

    /// Loads a HuggingFace `tokenizer.json` whose model is WordPiece.
    ///
    /// - Parameter padToken: the pad token when the file has no `padding` section (default `[PAD]`).
    /// - Throws: `TokenizerError` for a missing or malformed file, a model other than WordPiece, a
    ///   normalizer other than BertNormalizer, a pre-tokenizer other than BertPreTokenizer, or a
    ///   vocabulary without its unknown or pad token.
    public init(tokenizerJSON url: URL, padToken: String? = nil) throws(TokenizerError) {
        let file = try Self.decode(WordPieceTokenizerJSON.File.self, from: url)
        guard file.model.type == "WordPiece" else { throw .unsupportedModel(url, type: file.model.type) }

        let basic: BasicTokenizer
        switch file.normalizer {
        case nil:
            basic = BasicTokenizer(lowercase: false, stripAccents: false, cleanText: false, handleChineseChars: false)
        case let n? where n.type == "BertNormalizer":
            basic = BasicTokenizer(lowercase: n.lowercase, stripAccents: n.stripAccents, cleanText: n.cleanText,
                                   handleChineseChars: n.handleChineseChars)
        case let n?:
            throw .unsupportedNormalizer(url, type: n.type)
        }
        guard let preTokenizer = file.preTokenizer else { throw .unsupportedPreTokenizer(url, type: "null") }
        guard preTokenizer.type == "BertPreTokenizer" else { throw .unsupportedPreTokenizer(url, type: preTokenizer.type) }

        let template = try SequenceTemplate(postProcessor: file.postProcessor, file: url)
        try self.init(
            vocabulary: file.model.vocab, basicTokenizer: basic, unknownToken: file.model.unkToken,
            continuingSubwordPrefix: file.model.continuingSubwordPrefix,
            maxInputCharsPerWord: file.model.maxInputCharsPerWord, template: template,
            padToken: padToken ?? "[PAD]", padId: file.padding?.padId, addedTokens: file.addedTokens, file: url)
    }

    /// Loads a BERT `vocab.txt` (one token per line, the line number is its id) with the settings
    /// of `tokenizer_config.json` (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars`, special tokens).
    ///
    /// - Throws: `TokenizerError` for a missing or malformed file, or a vocabulary without its
    ///   unknown, classifier, separator or pad token.
    public init(vocabFile: URL, configFile: URL? = nil) throws(TokenizerError) {
        let config = try configFile.map { url throws(TokenizerError) in try Self.decode(TokenizerConfig.self, from: url) }
        try self.init(vocabFile: vocabFile, config: config ?? TokenizerConfig())
    }

    init(vocabFile: URL, config: TokenizerConfig) throws(TokenizerError) {
        let vocabulary = try Self.readVocabulary(vocabFile)
        let lowercase = config.doLowerCase ?? true
        let basic = BasicTokenizer(lowercase: lowercase, stripAccents: config.stripAccents, cleanText: true,
                                   handleChineseChars: config.tokenizeChineseChars ?? true)
        try self.init(
            vocabulary: vocabulary, basicTokenizer: basic, unknownToken: config.unkToken ?? "[UNK]",
            clsToken: config.clsToken ?? "[CLS]", sepToken: config.sepToken ?? "[SEP]",
            padToken: config.padToken ?? "[PAD]", maskToken: config.maskToken ?? "[MASK]", file: vocabFile)
    }

    // MARK: - Reading files

    private static func exists(_ url: URL) -> Bool { TokenizerFiles.exists(url) }

    /// Decodes a JSON file, turning decoding errors into `malformedJSON` with the failing key path.
    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws(TokenizerError) -> T {
        try TokenizerFiles.decode(type, from: url)
    }

    /// Reads `vocab.txt`: line *i* (0-based) is the token with id *i*; `\n`, `\r\n` and `\r` end lines,
    /// as Python's universal newlines do; a repeated token keeps its last id.
    static func readVocabulary(_ url: URL) throws(TokenizerError) -> [String: Int32] {
        let data = try TokenizerFiles.read(url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidVocabulary(url, detail: "it is not UTF-8 text")
        }
        var vocabulary = [String: Int32](minimumCapacity: 32_768)
        var id: Int32 = 0
        var line = Substring.UnicodeScalarView()
        var lastWasCR = false
        for s in text.unicodeScalars {
            if s == "\n" && lastWasCR { lastWasCR = false; continue }
            lastWasCR = s == "\r"
            if s == "\n" || s == "\r" {
                vocabulary[String(line)] = id
                id += 1
                line = Substring.UnicodeScalarView()
            } else {
                line.append(s)
            }
        }
        if !line.isEmpty { vocabulary[String(line)] = id }
        guard !vocabulary.isEmpty else { throw .invalidVocabulary(url, detail: "it is empty") }
        return vocabulary
    }
}
