/// HuggingFace's path from raw text to model ids for a Unigram `tokenizer.json`, without the template:
/// added tokens cut out of the raw text, the normalizer on each piece between them, added tokens with
/// `normalized` cut out of the result, the pre-tokenizer, and the Unigram model on each word.
///
/// A class, so that ``UnigramTokenizer`` stays cheap to copy and its encoding loop does not retain
/// each of these parts for every text.
final class UnigramPipeline: Sendable {
    /// Pieces, scores and the Viterbi search.
    let model: UnigramModel
    /// The normalizer's steps, in order.
    let normalizers: [TextNormalizer]
    /// The pre-tokenizer's steps, in order (none: each normalized piece is one word).
    let preTokenizers: [PreTokenizerStep]
    /// Tokens matched before the model.
    let addedTokens: [AddedToken]
    /// Whether normalizers record alignments (only `Metaspace`'s `first` scheme needs them).
    private let tracksAlignment: Bool
    private let rawAddedTokens: AddedTokenMatcher<UInt8>
    private let normalizedAddedTokens: AddedTokenMatcher<UInt8>

    /// A pipeline from its parts; added tokens with `normalized` set are matched in normalized text
    /// (their content normalized the same way).
    init(model: UnigramModel, normalizers: [TextNormalizer], preTokenizers: [PreTokenizerStep],
         addedTokens: [AddedToken]) {
        self.model = model
        self.normalizers = normalizers
        self.preTokenizers = preTokenizers
        self.addedTokens = addedTokens
        tracksAlignment = preTokenizers.contains {
            if case .metaspace(_, .first, _) = $0 { true } else { false }
        }
        rawAddedTokens = AddedTokenMatcher(addedTokens.filter { !$0.normalized })
        normalizedAddedTokens = AddedTokenMatcher(addedTokens.filter(\.normalized)) { text in
            var content = Array(text.utf8)
            var out: [UInt8] = []
            var noRecorder: AlignmentRecorder? = nil
            for step in normalizers {
                out.removeAll(keepingCapacity: true)
                content.withUnsafeBufferPointer { step.normalize($0, into: &out, recorder: &noRecorder) }
                swap(&content, &out)
            }
            return content
        }
    }

    /// Buffers reused from one text to the next.
    struct Scratch {
        var normalized: [UInt8] = []
        var spare: [UInt8] = []
        var words = PreTokenizedWords()
        var spareWords = PreTokenizedWords()
        var model = UnigramModel.Scratch()
    }

    /// Appends the ids of raw UTF-8 `raw` (valid) to `ids` until there are `limit`, without special tokens.
    func append(_ raw: UnsafeBufferPointer<UInt8>, limit: Int, to ids: inout [Int32], scratch: inout Scratch) {
        rawAddedTokens.append(raw, limit: limit, to: &ids) { range, ids in
            appendSegment(UnsafeBufferPointer(rebasing: raw[range]), atTextStart: range.lowerBound == 0,
                          limit: limit, ids: &ids, scratch: &scratch)
        }
    }

    /// Normalizes a raw segment (no added tokens in it) and appends its pieces until `limit` ids.
    private func appendSegment(_ raw: UnsafeBufferPointer<UInt8>, atTextStart: Bool, limit: Int, ids: inout [Int32],
                               scratch: inout Scratch) {
        guard ids.count < limit else { return }
        scratch.normalized.removeAll(keepingCapacity: true)
        scratch.normalized.append(contentsOf: raw)
        var textStart = TextStart(segmentAtStart: atTextStart, alignment: nil)
        var recorder: AlignmentRecorder? = nil
        var alignment: [Int32]? = nil   // original scalar index of each normalized scalar
        if tracksAlignment && atTextStart {
            recorder = AlignmentRecorder()
            alignment = Array(0..<Int32(raw.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }))
        }
        for step in normalizers {
            scratch.spare.removeAll(keepingCapacity: true)
            recorder?.reset()
            let input = scratch.normalized
            input.withUnsafeBufferPointer { step.normalize($0, into: &scratch.spare, recorder: &recorder) }
            if let r = recorder, let a = alignment { alignment = r.apply(to: a) }
            swap(&scratch.normalized, &scratch.spare)
        }
        let text = scratch.normalized
        if let alignment {
            textStart.alignment = Self.byteAlignment(alignment, of: text)
        }
        text.withUnsafeBufferPointer { text in
            normalizedAddedTokens.append(text, limit: limit, to: &ids) { range, ids in
                appendWords(of: UnsafeBufferPointer(rebasing: text[range]), source: range.lowerBound,
                            textStart: textStart, limit: limit, ids: &ids, scratch: &scratch)
            }
        }
    }

    /// Per-scalar alignments spread over the bytes of `text`; nil if they do not fit its scalars.
    private static func byteAlignment(_ perScalar: [Int32], of text: [UInt8]) -> [Int32]? {
        var out = [Int32]()
        out.reserveCapacity(text.count)
        var k = -1
        for b in text {
            if b & 0xC0 != 0x80 { k += 1 }
            guard k < perScalar.count else { return nil }
            out.append(perScalar[k])
        }
        return k + 1 == perScalar.count ? out : nil
    }

    /// Pre-tokenizes normalized text (from normalized offset `source`) and appends the pieces of each
    /// word until `limit` ids.
    private func appendWords(of text: UnsafeBufferPointer<UInt8>, source: Int, textStart: TextStart, limit: Int,
                             ids: inout [Int32], scratch: inout Scratch) {
        guard !preTokenizers.isEmpty else {
            model.append(word: text, to: &ids, scratch: &scratch.model)
            return
        }
        scratch.words.removeAll()
        scratch.words.append(text, source: source, atTextStart: textStart.isStart(source))
        for step in preTokenizers {
            let input = scratch.words
            step.apply(input, into: &scratch.spareWords, textStart: textStart)
            swap(&scratch.words, &scratch.spareWords)
        }
        let words = scratch.words
        model.withSearch { search in
            words.bytes.withUnsafeBufferPointer { bytes in
                for w in 0..<words.count {
                    if ids.count >= limit { return }
                    search.append(word: UnsafeBufferPointer(rebasing: bytes[words.starts[w]..<words.ends[w]]), to: &ids,
                                  scratch: &scratch.model)
                }
            }
        }
    }
}
