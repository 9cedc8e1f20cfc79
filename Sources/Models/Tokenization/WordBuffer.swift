/// Pre-tokenized words as UTF-8 byte ranges in one shared buffer (reused across texts).
struct WordBuffer {
    /// UTF-8 bytes of all words, back to back.
    var bytes: [UInt8] = []
    /// Start offset of each word in `bytes`.
    var starts: [Int] = []
    /// End offset (exclusive) of each word in `bytes`.
    var ends: [Int] = []
    /// Number of Unicode scalars in each word (WordPiece's `max_input_chars_per_word` counts these).
    var scalarCounts: [Int] = []

    /// The number of words.
    var count: Int { starts.count }

    /// Forgets every word, keeping the storage.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        scalarCounts.removeAll(keepingCapacity: true)
    }

    /// Closes the word that began at `start` (if it has any scalar).
    @inline(__always)
    mutating func closeWord(from start: Int, scalars: Int) {
        guard scalars > 0 else { return }
        starts.append(start)
        ends.append(bytes.count)
        scalarCounts.append(scalars)
    }

    /// Appends the UTF-8 encoding of the scalar value `v`.
    @inline(__always)
    mutating func appendUTF8(_ v: UInt32) {
        if v < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v))
        } else if v < 0x800 {
            bytes.append(UInt8(truncatingIfNeeded: 0xC0 | (v >> 6)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            bytes.append(UInt8(truncatingIfNeeded: 0xE0 | (v >> 12)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        } else {
            bytes.append(UInt8(truncatingIfNeeded: 0xF0 | (v >> 18)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        }
    }

    /// The words as strings (for inspection and tests, not the fast path).
    var strings: [String] {
        (0..<count).map { String(decoding: bytes[starts[$0]..<ends[$0]], as: UTF8.self) }
    }
}
