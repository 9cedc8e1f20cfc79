import Foundation

/// Why a tokenizer could not be loaded (naming the file and what was wrong with it), or why a text
/// could not be tokenized.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model folder does not exist (or is not a folder).
    case missingFolder(URL)
    /// The folder has none of the files a tokenizer is loaded from (`looked` names them).
    case missingTokenizerFiles(folder: URL, looked: [String])
    /// A file that was named explicitly does not exist or cannot be read.
    case unreadableFile(URL, reason: String)
    /// A JSON file does not parse, or a field has the wrong shape (`detail` says which).
    case malformedJSON(URL, detail: String)
    /// `tokenizer.json`'s `model.type` is neither `WordPiece` nor `Unigram` (e.g. `BPE`), or not the
    /// one the chosen tokenizer reads.
    case unsupportedModel(URL, type: String)
    /// `tokenizer.json`'s normalizer (or a step of its `Sequence`) is one the tokenizer cannot run.
    case unsupportedNormalizer(URL, type: String)
    /// `tokenizer.json`'s pre-tokenizer (or a step of its `Sequence`) is one the tokenizer cannot run.
    case unsupportedPreTokenizer(URL, type: String)
    /// `tokenizer.json`'s post-processor is not `TemplateProcessing`, `BertProcessing` or `RobertaProcessing`.
    case unsupportedPostProcessor(URL, type: String)
    /// The vocabulary lacks a token the tokenizer needs (`role` is e.g. "unknown", "classifier", "separator").
    case missingToken(URL?, token: String, role: String)
    /// The vocabulary is empty or inconsistent (`detail` says how).
    case invalidVocabulary(URL?, detail: String)
    /// Input bytes are not valid UTF-8; `byteOffset` is where the first bad sequence starts.
    case invalidUTF8(byteOffset: Int)

    /// A one-line message naming the file and the problem.
    public var description: String {
        switch self {
        case .missingFolder(let url):
            return "tokenizer folder \(url.path) does not exist"
        case .missingTokenizerFiles(let folder, let looked):
            return "tokenizer folder \(folder.path) has none of \(looked.joined(separator: ", "))"
        case .unreadableFile(let url, let reason):
            return "\(url.lastPathComponent) (\(url.path)): cannot be read: \(reason)"
        case .malformedJSON(let url, let detail):
            return "\(url.lastPathComponent) (\(url.path)): malformed JSON: \(detail)"
        case .unsupportedModel(let url, let type):
            return "\(url.lastPathComponent) (\(url.path)): unsupported tokenizer model type \"\(type)\"; supported: WordPiece (BertTokenizer), Unigram (UnigramTokenizer)"
        case .unsupportedNormalizer(let url, let type):
            return "\(url.lastPathComponent) (\(url.path)): unsupported normalizer type \"\(type)\"; supported: BertNormalizer (WordPiece); \(Self.unigramNormalizers) (Unigram)"
        case .unsupportedPreTokenizer(let url, let type):
            return "\(url.lastPathComponent) (\(url.path)): unsupported pre-tokenizer type \"\(type)\"; supported: BertPreTokenizer (WordPiece); Metaspace, WhitespaceSplit, Sequence (Unigram)"
        case .unsupportedPostProcessor(let url, let type):
            return "\(url.lastPathComponent) (\(url.path)): unsupported post-processor type \"\(type)\"; supported: TemplateProcessing, BertProcessing, RobertaProcessing"
        case .missingToken(let url, let token, let role):
            return "\(Self.where(url)): vocabulary has no \(role) token \"\(token)\""
        case .invalidVocabulary(let url, let detail):
            return "\(Self.where(url)): invalid vocabulary: \(detail)"
        case .invalidUTF8(let offset):
            return "input text is not valid UTF-8: bad byte sequence at byte offset \(offset)"
        }
    }

    /// The normalizers a Unigram `tokenizer.json` may use.
    static let unigramNormalizers =
        "Sequence, Precompiled, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Prepend, Nmt"

    /// "file (path)" for a file, "vocabulary" for an in-memory one.
    private static func `where`(_ url: URL?) -> String {
        guard let url else { return "vocabulary" }
        return "\(url.lastPathComponent) (\(url.path))"
    }
}
