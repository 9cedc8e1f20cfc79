import Foundation

/// One step of a `tokenizer.json` normalizer (a `Sequence` is flattened into its steps), on UTF-8 bytes.
///
/// Each step is HuggingFace's normalizer of the same name. Given a recorder, a step also records how
/// its output characters align with its input (see ``AlignmentRecorder``).
enum TextNormalizer: Sendable {
    /// SentencePiece's compiled character map.
    case precompiled(PrecompiledCharsMap)
    /// Every match of a pattern replaced by `content`.
    case replace(ReplacePattern, content: [UInt8])
    /// Unicode canonical composition (HuggingFace's Unicode 9.0 tables: see ``UnicodeNormalizer``).
    case nfc
    /// Unicode canonical decomposition.
    case nfd
    /// Unicode compatibility composition.
    case nfkc
    /// Unicode compatibility decomposition.
    case nfkd
    /// Each scalar's full lowercase mapping (Rust's `char::to_lowercase`, no context rules).
    case lowercase
    /// Whitespace (Unicode `White_Space`) removed from the ends.
    case strip(left: Bool, right: Bool)
    /// `content` put in front of a non-empty text.
    case prepend([UInt8])
    /// SentencePiece's `nmt` rules: ASCII controls removed, other spaces to " ".
    case nmt
    /// Combining marks (general categories Mn, Mc, Me) removed.
    case stripAccents

    /// Appends the normalized `text` to `out`, recording alignments when `recorder` is given.
    func normalize(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], recorder: inout AlignmentRecorder?) {
        switch self {
        case .precompiled(let map):
            map.normalize(text, into: &out, recorder: &recorder)
        case .replace(let pattern, let content):
            pattern.replace(in: text, with: content, into: &out, recorder: &recorder)
        case .nfc:
            UnicodeNormalizer(compatibility: false, composes: true).normalize(text, into: &out, recorder: &recorder)
        case .nfd:
            UnicodeNormalizer(compatibility: false, composes: false).normalize(text, into: &out, recorder: &recorder)
        case .nfkc:
            UnicodeNormalizer(compatibility: true, composes: true).normalize(text, into: &out, recorder: &recorder)
        case .nfkd:
            UnicodeNormalizer(compatibility: true, composes: false).normalize(text, into: &out, recorder: &recorder)
        case .lowercase:
            var i = 0
            while i < text.count {
                let b = text[i]
                if b < 0x80 {
                    out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                    recorder?.emit(consuming: 1)
                    i += 1
                    continue
                }
                let (value, length) = UTF8Text.decode(text, at: i)
                if let scalar = Unicode.Scalar(value) {
                    let lower = scalar.properties.lowercaseMapping
                    out.append(contentsOf: lower.utf8)
                    if recorder != nil {
                        for (k, _) in lower.unicodeScalars.enumerated() { recorder?.emit(consuming: k == 0 ? 1 : 0) }
                    }
                }
                i += length
            }
        case .strip(let left, let right):
            var lo = 0, hi = text.count, leading = 0
            if left {
                while lo < hi {
                    let (value, length) = UTF8Text.decode(text, at: lo)
                    guard Self.isWhitespace(value) else { break }
                    lo += length
                    leading += 1
                }
            }
            if right {
                while hi > lo {
                    let start = UTF8Text.previousScalarStart(text, before: hi)
                    guard Self.isWhitespace(UTF8Text.decode(text, at: start).value) else { break }
                    hi = start
                }
            }
            out.append(contentsOf: text[lo..<hi])
            if recorder != nil {
                recorder?.skip(leading)
                var i = lo
                while i < hi {
                    recorder?.emit(consuming: 1)
                    i += UTF8Text.scalarLength(lead: text[i])
                }
            }
        case .prepend(let content):
            guard !text.isEmpty else { return }
            out.append(contentsOf: content)
            out.append(contentsOf: text)
            if recorder != nil {
                // The first prepended character replaces the text's first, which is then re-inserted.
                let prepended = String(decoding: content, as: UTF8.self).unicodeScalars.count
                for k in 0..<prepended { recorder?.emit(consuming: k == 0 ? 1 : 0) }
                recorder?.emit(consuming: 0)
                var i = UTF8Text.scalarLength(lead: text[0])
                while i < text.count {
                    recorder?.emit(consuming: 1)
                    i += UTF8Text.scalarLength(lead: text[i])
                }
            }
        case .nmt:
            var i = 0
            while i < text.count {
                let (value, length) = UTF8Text.decode(text, at: i)
                switch value {
                case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x8F, 0x9F:
                    recorder?.skip(1)
                case 0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B...0x200F, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD:
                    out.append(0x20)
                    recorder?.emit(consuming: 1)
                default:
                    out.append(contentsOf: text[i..<i + length])
                    recorder?.emit(consuming: 1)
                }
                i += length
            }
        case .stripAccents:
            var i = 0
            while i < text.count {
                let (value, length) = UTF8Text.decode(text, at: i)
                if Self.isCombiningMark(value) {
                    recorder?.skip(1)
                } else {
                    out.append(contentsOf: text[i..<i + length])
                    recorder?.emit(consuming: 1)
                }
                i += length
            }
        }
    }

    /// Rust's `char::is_whitespace`: the Unicode `White_Space` property.
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return Unicode.Scalar(value)?.properties.isWhitespace ?? false
    }

    /// A combining mark for `StripAccents`: general category Mn, Mc or Me in Unicode 9.0 (the tables of
    /// HuggingFace's `unicode-normalization-alignments`).
    static func isCombiningMark(_ value: UInt32) -> Bool {
        // General categories that changed since 9.0: U+1CF2, U+1CF3 were Mc (now Lo), U+111C9 was Po (now Mn).
        if value == 0x1CF2 || value == 0x1CF3 { return true }
        if value == 0x111C9 { return false }
        guard value >= 0x300, let scalar = Unicode.Scalar(value), UnicodeNormalizer.inUnicode9(scalar) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
