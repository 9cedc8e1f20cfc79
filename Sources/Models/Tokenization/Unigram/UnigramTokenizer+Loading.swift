import Foundation

extension UnigramTokenizer {
    /// Loads the tokenizer of a model folder from its `tokenizer.json` (the SentencePiece `.model` file
    /// is not read); `tokenizer_config.json` / `special_tokens_map.json` may name the pad token and
    /// `sentence_bert_config.json`, when present, sets `maxSequenceLength` and `lowercasesInput`.
    ///
    /// - Throws: `TokenizerError` naming the folder or file that is missing, malformed or unsupported.
    public init(folder: URL) throws(TokenizerError) {
        try TokenizerFiles.checkFolder(folder)
        let tokenizerJSON = folder.appendingPathComponent("tokenizer.json")
        guard TokenizerFiles.exists(tokenizerJSON) else {
            throw .missingTokenizerFiles(folder: folder, looked: ["tokenizer.json"])
        }
        let config = try TokenizerFiles.config(in: folder)
        try self.init(tokenizerJSON: tokenizerJSON, padToken: config.padToken)
        if let sentenceBert = try TokenizerFiles.sentenceBertConfig(in: folder) {
            maxSequenceLength = sentenceBert.maxSeqLength
            lowercasesInput = sentenceBert.doLowerCase ?? false
        }
    }

    /// Loads a HuggingFace `tokenizer.json` whose model is Unigram.
    ///
    /// - Parameter padToken: the pad token when the file has no `padding` section (default `<pad>`).
    /// - Throws: `TokenizerError` for a missing or malformed file, a model other than Unigram, a
    ///   normalizer, pre-tokenizer or post-processor this tokenizer cannot run (the error names its
    ///   type), a vocabulary without its unknown piece, or no pad token.
    public init(tokenizerJSON url: URL, padToken: String? = nil) throws(TokenizerError) {
        let file = try TokenizerFiles.decode(UnigramTokenizerJSON.File.self, from: url)
        guard file.model.type == "Unigram" else { throw .unsupportedModel(url, type: file.model.type) }
        guard let unknownId = file.model.unkId else {
            throw .invalidVocabulary(url, detail: "model.unk_id is null; the Unigram tokenizer needs an unknown piece")
        }
        let model: UnigramModel
        do {
            model = try UnigramModel(vocabulary: file.model.vocab.map { ($0.piece, $0.score) }, unknownId: unknownId,
                                     byteFallback: file.model.byteFallback)
        } catch {
            switch error {
            case .empty:
                throw .invalidVocabulary(url, detail: "model.vocab is empty")
            case .unknownIdOutOfRange(let id):
                throw .invalidVocabulary(url, detail: "model.unk_id \(id) is outside the \(file.model.vocab.count) pieces")
            }
        }
        var normalizers: [TextNormalizer] = []
        if let normalizer = file.normalizer { try Self.flatten(normalizer, into: &normalizers, url: url) }
        var preTokenizers: [PreTokenizerStep] = []
        if let preTokenizer = file.preTokenizer { try Self.flatten(preTokenizer, into: &preTokenizers, url: url) }
        let template = try SequenceTemplate(postProcessor: file.postProcessor, file: url)

        let padName = padToken ?? "<pad>"
        let padId = file.padding?.padId
            ?? file.addedTokens.first { $0.content == padName }?.id
            ?? model.id(of: padName)
        guard let padId else { throw .missingToken(url, token: padName, role: "padding") }
        let pipeline = UnigramPipeline(model: model, normalizers: normalizers, preTokenizers: preTokenizers,
                                       addedTokens: file.addedTokens)
        self.init(pipeline: pipeline, template: template, padId: padId)
    }

    /// Appends the steps of a normalizer (a `Sequence`'s steps in order).
    private static func flatten(_ spec: UnigramTokenizerJSON.Normalizer, into steps: inout [TextNormalizer],
                                url: URL) throws(TokenizerError) {
        switch spec {
        case .sequence(let children):
            for child in children { try flatten(child, into: &steps, url: url) }
        case .precompiled(let base64):
            guard let data = Data(base64Encoded: base64) else {
                throw .malformedJSON(url, detail: "normalizer Precompiled: precompiled_charsmap is not base64")
            }
            do {
                steps.append(.precompiled(try PrecompiledCharsMap(bytes: [UInt8](data))))
            } catch {
                switch error {
                case .tooShort:
                    throw .malformedJSON(url, detail: "normalizer Precompiled: precompiled_charsmap is shorter than its trie size says")
                case .replacementsNotUTF8:
                    throw .malformedJSON(url, detail: "normalizer Precompiled: precompiled_charsmap's replacement strings are not UTF-8")
                }
            }
        case .replace(let pattern, let content):
            switch pattern {
            case .string(let s):
                steps.append(.replace(.string(s), content: Array(content.utf8)))
            case .regex(let r):
                guard let compiled = ReplacePattern.regex(r) else {
                    throw .malformedJSON(url, detail: "normalizer Replace: regex \"\(r)\" does not compile")
                }
                steps.append(.replace(compiled, content: Array(content.utf8)))
            }
        case .nfc: steps.append(.nfc)
        case .nfd: steps.append(.nfd)
        case .nfkc: steps.append(.nfkc)
        case .nfkd: steps.append(.nfkd)
        case .lowercase: steps.append(.lowercase)
        case .nmt: steps.append(.nmt)
        case .stripAccents: steps.append(.stripAccents)
        case .strip(let left, let right): steps.append(.strip(left: left, right: right))
        case .prepend(let content): steps.append(.prepend(Array(content.utf8)))
        case .unsupported(let type): throw .unsupportedNormalizer(url, type: type)
        }
    }

    /// Appends the steps of a pre-tokenizer (a `Sequence`'s steps in order).
    private static func flatten(_ spec: UnigramTokenizerJSON.PreTokenizer, into steps: inout [PreTokenizerStep],
                                url: URL) throws(TokenizerError) {
        switch spec {
        case .sequence(let children):
            for child in children { try flatten(child, into: &steps, url: url) }
        case .metaspace(let replacement, let schemeName, let addPrefixSpace, let split):
            guard replacement.unicodeScalars.count == 1 else {
                throw .malformedJSON(url, detail: "pre_tokenizer Metaspace: replacement \"\(replacement)\" is not one character")
            }
            guard let scheme = PreTokenizerStep.PrependScheme(rawValue: schemeName ?? "always") else {
                throw .malformedJSON(url, detail: "pre_tokenizer Metaspace: unknown prepend_scheme \"\(schemeName ?? "")\"")
            }
            var prepend = scheme
            if addPrefixSpace == false {   // HuggingFace: add_prefix_space false means never
                guard scheme == .never || schemeName == nil else {
                    throw .malformedJSON(url, detail: "pre_tokenizer Metaspace: add_prefix_space does not match prepend_scheme")
                }
                prepend = .never
            }
            steps.append(.metaspace(replacement: Array(replacement.utf8), prepend: prepend, split: split ?? true))
        case .whitespaceSplit:
            steps.append(.whitespaceSplit)
        case .unsupported(let type):
            throw .unsupportedPreTokenizer(url, type: type)
        }
    }
}
