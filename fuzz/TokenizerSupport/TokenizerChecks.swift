import Foundation
import FuzzSupport
import Models

/// What the tokenizer harnesses run on every tokenizer they load (and on the fixture tokenizers with the
/// input as text): encoding with and without truncation, batches, token strings, id lookups, and the
/// checked UTF-8 entry point. Each check is a property every tokenizer must have, whatever its file said.
public enum TokenizerChecks {
    /// Runs every check of `tokenizer` on `text`.
    public static func run(_ tokenizer: any TextTokenizer, on text: String) {
        let specials = tokenizer.template.count
        let full = tokenizer.encode(text, maxLength: .max)
        precondition(full.count >= specials, "encode gave \(full.count) ids, fewer than the \(specials) special tokens")
        precondition(full.prefix(tokenizer.template.prefix.count).elementsEqual(tokenizer.template.prefix), "encode lost the prefix")
        precondition(full.suffix(tokenizer.template.suffix.count).elementsEqual(tokenizer.template.suffix), "encode lost the suffix")
        for limit in [0, 1, specials + 1, 7] {
            let cut = tokenizer.encode(text, maxLength: limit)
            precondition(cut.count <= max(limit, specials), "encode(maxLength: \(limit)) gave \(cut.count) ids")
            precondition(cut.count <= full.count, "truncation to \(limit) lengthened the ids")
        }
        let texts = [text, "", text + " " + text]
        let batch = tokenizer.encodeBatch(texts, maxLength: 16)
        let cells = batch.batchSize * batch.sequenceLength
        precondition(batch.batchSize == texts.count && batch.lengths.count == texts.count, "batch size")
        precondition(batch.inputIds.count == cells && batch.attentionMask.count == cells && batch.tokenTypeIds.count == cells,
                     "batch arrays are not [B, T]")
        precondition(batch.lengths.allSatisfy { $0 <= batch.sequenceLength }, "a row is longer than the batch")
        for token in tokenizer.tokenize(text).prefix(64) {
            if let id = tokenizer.id(for: token) { _ = tokenizer.token(for: id) }
        }
        for id in full.prefix(64) { _ = tokenizer.token(for: id) }
        _ = tokenizer.batch([full, []])
    }

    /// Runs the checks on `bytes` as text: through the checked UTF-8 entry point, and decoded with replacement.
    public static func run(_ tokenizer: any TextTokenizer, onBytes bytes: Data) {
        let decoded = String(decoding: bytes, as: UTF8.self)
        if let ids = try? tokenizer.encode(utf8: bytes, maxLength: 32) {
            precondition(ids == tokenizer.encode(decoded, maxLength: 32), "encode(utf8:) and encode(String) disagree on valid UTF-8")
        }
        run(tokenizer, on: decoded)
    }

    /// Runs the checks on every sample text and on the input itself.
    public static func runAll(_ tokenizer: any TextTokenizer, input: Data) {
        for text in Fuzz.sampleTexts { run(tokenizer, on: text) }
        run(tokenizer, onBytes: input.prefix(256))
    }
}
