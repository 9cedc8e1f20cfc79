/// BERT's character classes, drawn exactly as HuggingFace `tokenizers` draws them.
///
/// `tokenizers` classifies characters with its own (older) Unicode tables, so the drop, mark and
/// punctuation sets live in generated range tables (`BertCharacters+Tables.swift`, probed from the
/// Rust tokenizer) rather than in Swift's `Unicode.Scalar.Properties`. ASCII is answered inline.
enum BertCharacters {
    /// Whether `clean_text` removes the scalar: NUL, U+FFFD and the Cc/Cf/Co "other" characters
    /// except `\t`, `\n` and `\r`.
    @inline(__always)
    static func isDroppedByCleanText(_ v: UInt32) -> Bool {
        if v < 0x80 { return v < 0x20 ? (v != 0x09 && v != 0x0A && v != 0x0D) : v == 0x7F }
        return contains(cleanTextDropRanges, v)
    }

    /// Whether the scalar is whitespace for BERT: Rust's `char::is_whitespace` (which already holds
    /// `\t`, `\n`, `\r`, U+000B, U+000C, U+0085, the Zs spaces, U+2028 and U+2029).
    @inline(__always)
    static func isWhitespace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Whether the scalar is a "Chinese character" (BERT's `_is_chinese_char`: the CJK ideograph
    /// blocks, not Hangul, kana or CJK punctuation).
    @inline(__always)
    static func isChinese(_ v: UInt32) -> Bool {
        switch v {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Whether `strip_accents` removes the scalar after NFD (a nonspacing mark, Mn).
    @inline(__always)
    static func isNonspacingMark(_ v: UInt32) -> Bool {
        v >= 0x300 && contains(nonspacingMarkRanges, v)
    }

    /// Whether BertPreTokenizer isolates the scalar as punctuation (ASCII punctuation, i.e. the
    /// printable ASCII that is not a letter, digit or space, plus the P* categories).
    @inline(__always)
    static func isPunctuation(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        return contains(punctuationRanges, v)
    }

    /// Whether `v` falls in one of the sorted, disjoint inclusive ranges of `ranges`
    /// (flattened as `[lo, hi, lo, hi, …]`), by binary search.
    @inline(__always)
    static func contains(_ ranges: [UInt32], _ v: UInt32) -> Bool {
        ranges.withUnsafeBufferPointer { r in
            // Find the last range whose lower bound is <= v.
            var lo = 0, hi = r.count / 2
            while lo < hi {
                let mid = (lo + hi) >> 1
                if r[2 * mid] <= v { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 && v <= r[2 * (lo - 1) + 1]
        }
    }
}
