import Foundation

/// SentencePiece's `precompiled_charsmap`: a darts-clone double-array trie from UTF-8 byte strings to
/// replacements, read as HuggingFace's `spm_precompiled` crate reads it.
///
/// Layout: a little-endian `UInt32` trie size in bytes, that many bytes of `UInt32` units, then the
/// replacement strings, each ended by a NUL. A trie value is the offset of its replacement string.
struct PrecompiledCharsMap: Sendable {
    /// The double-array units.
    private let units: [UInt32]
    /// The replacement strings, NUL-separated (valid UTF-8).
    private let normalized: [UInt8]
    /// For each ASCII byte, the replacement offset of that one-byte string, or -1. // [128]
    private let asciiMatches: [Int32]

    /// Why a charsmap could not be read.
    enum Problem: Error {
        case tooShort
        case replacementsNotUTF8
    }

    /// Reads a charsmap (the bytes behind the base64 of `tokenizer.json`).
    init(bytes: [UInt8]) throws(Problem) {
        guard bytes.count >= 4 else { throw .tooShort }
        let trieSize = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        let unitCount = trieSize / 4
        guard 4 + unitCount * 4 <= bytes.count else { throw .tooShort }
        var units = [UInt32](repeating: 0, count: unitCount)
        for u in 0..<unitCount {
            let o = 4 + 4 * u
            units[u] = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
        }
        let normalized = Array(bytes[(4 + unitCount * 4)...])
        let valid = normalized.withUnsafeBufferPointer { UTF8Text.firstInvalidByte(in: $0) == nil }
        guard valid else { throw .replacementsNotUTF8 }
        guard !units.isEmpty else { throw .tooShort }
        self.units = units
        self.normalized = normalized
        var ascii = [Int32](repeating: -1, count: 128)
        for b in 1..<128 {
            let key = [UInt8(b)]
            ascii[b] = key.withUnsafeBufferPointer { Self.firstMatch(units, $0) }
        }
        asciiMatches = ascii
    }

    /// The offset of the replacement of the shortest prefix of `key` that the trie holds, or -1.
    ///
    /// This is `spm_precompiled`'s `common_prefix_search(key)[0]`: the search stops at a NUL byte or
    /// where the trie has no edge.
    @inline(__always)
    private static func firstMatch(_ units: [UInt32], _ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        units.withUnsafeBufferPointer { array in
            @inline(__always) func offset(_ u: UInt32) -> Int { Int((u >> 10) << ((u & (1 << 9)) >> 6)) }
            var pos = offset(array[0])
            for c in key {
                if c == 0 { return -1 }
                pos ^= Int(c)
                guard pos < array.count else { return -1 }
                let unit = array[pos]
                if unit & (1 << 31 | 0xFF) != UInt32(c) { return -1 }
                pos ^= offset(unit)
                if (unit >> 8) & 1 == 1 {
                    guard pos < array.count else { return -1 }
                    return Int32(array[pos] & ((1 << 31) - 1))
                }
            }
            return -1
        }
    }

    /// The replacement offset of the shortest prefix of `key` in the map, or -1 (the lookup of `transform`).
    @inline(__always)
    func firstMatch(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        if key.count == 1 && key[0] < 0x80 { return asciiMatches[Int(key[0])] }
        return Self.firstMatch(units, key)
    }

    /// Appends the replacement string at `offset` (up to its NUL) to `out`.
    @inline(__always)
    func appendReplacement(at offset: Int32, to out: inout [UInt8]) {
        normalized.withUnsafeBufferPointer { s in
            var i = Int(offset)
            while i < s.count && s[i] != 0 {
                out.append(s[i])
                i += 1
            }
        }
    }

    /// Whether the replacement at `offset` is empty (the text is removed).
    @inline(__always)
    func isEmptyReplacement(at offset: Int32) -> Bool {
        Int(offset) >= normalized.count || normalized[Int(offset)] == 0
    }

    /// Normalizes `text` as HuggingFace's `Precompiled` normalizer does, appending to `out` (and
    /// recording alignments when `recorder` is given).
    ///
    /// Grapheme by grapheme (extended grapheme clusters, by Swift's own breaker): a grapheme shorter than
    /// 6 bytes is first looked up whole, and if some prefix of it is in the map the whole grapheme
    /// becomes that prefix's replacement; otherwise each scalar is looked up alone and replaced, or kept.
    func normalize(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], recorder: inout AlignmentRecorder?) {
        let n = text.count
        guard n > 0 else { return }
        var pos = 0
        // The grapheme breaker is fed every scalar once, the first one here.
        var (value, length) = UTF8Text.decode(text, at: 0)
        var breaker = Unicode._CharacterRecognizer()
        _ = breaker.hasBreak(before: Unicode.Scalar(value) ?? "\u{FFFD}")
        while pos < n {
            let start = pos
            var scalars = 1
            pos += length
            // Extend the grapheme while the next scalar does not start a new one.
            while pos < n {
                (value, length) = UTF8Text.decode(text, at: pos)
                if breaker.hasBreak(before: Unicode.Scalar(value) ?? "\u{FFFD}") { break }
                pos += length
                scalars += 1
            }
            let grapheme = UnsafeBufferPointer(rebasing: text[start..<pos])
            if scalars == 1 || grapheme.count < 6 {
                let match = firstMatch(grapheme)
                if match >= 0 {
                    let before = out.count
                    appendReplacement(at: match, to: &out)
                    if recorder != nil { recorder?.replace(scalars, with: Self.scalarCount(out[before...])) }
                    continue
                }
                if scalars == 1 {
                    out.append(contentsOf: grapheme)
                    recorder?.emit(consuming: 1)
                    continue
                }
            }
            var i = start
            while i < pos {
                let l = UTF8Text.scalarLength(lead: text[i])
                let scalar = UnsafeBufferPointer(rebasing: text[i..<i + l])
                let match = firstMatch(scalar)
                if match >= 0 {
                    let before = out.count
                    appendReplacement(at: match, to: &out)
                    if recorder != nil { recorder?.replace(1, with: Self.scalarCount(out[before...])) }
                } else {
                    out.append(contentsOf: scalar)
                    recorder?.emit(consuming: 1)
                }
                i += l
            }
        }
    }

    /// The number of scalars in valid UTF-8 `bytes`.
    private static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }
}
