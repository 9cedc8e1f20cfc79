import Foundation

/// BERT's text normalizer and word splitter: HuggingFace's `BertNormalizer` + `BertPreTokenizer`.
///
/// Normalization runs, in order: clean text (drop NUL, U+FFFD and control/format characters, turn
/// whitespace into spaces), put spaces around CJK ideographs, strip accents (NFD, then drop
/// nonspacing marks), lowercase (per scalar, full mappings such as `İ` → `i̇`). Pre-tokenization then
/// splits on whitespace and isolates every punctuation character as its own word.
///
/// ```swift
/// BasicTokenizer().tokenize("Héllo, WORLD!")   // ["hello", ",", "world", "!"]
/// ```
public struct BasicTokenizer: Sendable, Equatable {
    /// Drop control characters and map all whitespace to a plain space.
    public var cleanText: Bool
    /// Put spaces around CJK ideographs so each becomes its own word.
    public var handleChineseChars: Bool
    /// Decompose (NFD) and drop nonspacing marks: `café` → `cafe`.
    public var stripAccents: Bool
    /// Lowercase every scalar.
    public var lowercase: Bool

    /// A BERT normalizer; `stripAccents: nil` follows `lowercase`, as in HuggingFace.
    public init(lowercase: Bool = true, stripAccents: Bool? = nil, cleanText: Bool = true, handleChineseChars: Bool = true) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents ?? lowercase
        self.cleanText = cleanText
        self.handleChineseChars = handleChineseChars
    }

    /// The normalized text (what HuggingFace's `BertNormalizer.normalize_str` returns).
    public func normalize(_ text: String) -> String {
        let raw = text.unicodeScalars.map(\.value)
        var out: [UInt32] = []
        raw.withUnsafeBufferPointer { normalize($0, into: &out) }
        var view = String.UnicodeScalarView()
        for v in out { view.append(Unicode.Scalar(v) ?? "\u{FFFD}") }
        return String(view)
    }

    /// The words of the text: normalized, split on whitespace, punctuation isolated.
    public func tokenize(_ text: String) -> [String] {
        let raw = text.unicodeScalars.map(\.value)
        var normalized: [UInt32] = []
        var words = WordBuffer()
        raw.withUnsafeBufferPointer { normalize($0, into: &normalized) }
        normalized.withUnsafeBufferPointer { preTokenize($0, into: &words) }
        return words.strings
    }

    // MARK: - Fast path on scalar values

    /// Appends the normalized scalars of `input` to `out`.
    func normalize(_ input: UnsafeBufferPointer<UInt32>, into out: inout [UInt32]) {
        var run: [UInt32] = []  // non-ASCII scalars awaiting NFD (only when stripping accents)
        for var v in input {
            if cleanText {
                if BertCharacters.isDroppedByCleanText(v) { continue }
                if BertCharacters.isWhitespace(v) { v = 0x20 }
            }
            if handleChineseChars && v >= 0x3400 && BertCharacters.isChinese(v) {
                flush(&run, into: &out)
                out.append(0x20)
                if stripAccents && (v >= 0xF900 && v <= 0xFAFF || v >= 0x2F800) {
                    run.append(v)  // compatibility ideographs decompose under NFD
                    flush(&run, into: &out)
                } else {
                    out.append(v)  // unified ideographs: NFD-stable, uncased
                }
                out.append(0x20)
                continue
            }
            if v < 0x80 {
                if !run.isEmpty { flush(&run, into: &out) }
                out.append(lowercase && v >= 65 && v <= 90 ? v + 32 : v)
            } else if stripAccents {
                run.append(v)
            } else {
                appendLowercased(v, into: &out)
            }
        }
        flush(&run, into: &out)
    }

    /// Decomposes the pending run (NFD), drops its nonspacing marks, lowercases it into `out`.
    ///
    /// NFD is applied per run of non-ASCII scalars: ASCII and spaces are starters (combining class 0)
    /// that never decompose, so canonical reordering never crosses them.
    @inline(__always)
    private func flush(_ run: inout [UInt32], into out: inout [UInt32]) {
        guard !run.isEmpty else { return }
        if run.allSatisfy({ $0 < 0xC0 }) {
            // Latin-1 punctuation and symbols below À: no canonical decompositions, no marks.
            for v in run { appendLowercased(v, into: &out) }
        } else {
            var view = String.UnicodeScalarView()
            for v in run { view.append(Unicode.Scalar(v) ?? "\u{FFFD}") }
            for s in String(view).decomposedStringWithCanonicalMapping.unicodeScalars
            where !BertCharacters.isNonspacingMark(s.value) {
                appendLowercased(s.value, into: &out)
            }
        }
        run.removeAll(keepingCapacity: true)
    }

    /// Appends `v`, lowercased when `lowercase` is on (full per-scalar mapping, as Rust's `char::to_lowercase`).
    @inline(__always)
    private func appendLowercased(_ v: UInt32, into out: inout [UInt32]) {
        if !lowercase {
            out.append(v)
        } else if v < 0x80 {
            out.append(v >= 65 && v <= 90 ? v + 32 : v)
        } else if let s = Unicode.Scalar(v), s.properties.changesWhenLowercased {
            for l in s.properties.lowercaseMapping.unicodeScalars { out.append(l.value) }
        } else {
            out.append(v)
        }
    }

    /// Splits normalized scalars into words (BertPreTokenizer): whitespace ends a word and is dropped,
    /// punctuation becomes a word of its own.
    func preTokenize(_ input: UnsafeBufferPointer<UInt32>, into words: inout WordBuffer) {
        var start = words.bytes.count
        var scalars = 0
        for v in input {
            if BertCharacters.isWhitespace(v) {
                words.closeWord(from: start, scalars: scalars)
                start = words.bytes.count
                scalars = 0
            } else if BertCharacters.isPunctuation(v) {
                words.closeWord(from: start, scalars: scalars)
                start = words.bytes.count
                words.appendUTF8(v)
                words.closeWord(from: start, scalars: 1)
                start = words.bytes.count
                scalars = 0
            } else {
                words.appendUTF8(v)
                scalars += 1
            }
        }
        words.closeWord(from: start, scalars: scalars)
    }
}
