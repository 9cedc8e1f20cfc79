import Foundation

/// Loads the tokenizer a model folder needs, chosen by its `tokenizer.json`'s `model.type`.
///
/// `WordPiece` → ``BertTokenizer``, `Unigram` → ``UnigramTokenizer``; a folder with only `vocab.txt`
/// is WordPiece. Any other model type (e.g. `BPE`) is a `TokenizerError.unsupportedModel`.
///
/// ```swift
/// let tokenizer = try AutoTokenizer.load(folder: URL(fileURLWithPath: "models/multilingual-e5-small"))
/// tokenizer is UnigramTokenizer   // true
/// ```
public enum AutoTokenizer {
    /// The tokenizer of `folder`.
    ///
    /// - Throws: `TokenizerError` naming the folder or file that is missing, malformed or unsupported.
    public static func load(folder: URL) throws(TokenizerError) -> any TextTokenizer {
        try TokenizerFiles.checkFolder(folder)
        let tokenizerJSON = folder.appendingPathComponent("tokenizer.json")
        guard TokenizerFiles.exists(tokenizerJSON) else { return try BertTokenizer(folder: folder) }
        switch try TokenizerFiles.decode(TokenizerFiles.ModelOnly.self, from: tokenizerJSON).model.type {
        case "WordPiece": return try BertTokenizer(folder: folder)
        case "Unigram": return try UnigramTokenizer(folder: folder)
        case let other: throw .unsupportedModel(tokenizerJSON, type: other)
        }
    }
}
