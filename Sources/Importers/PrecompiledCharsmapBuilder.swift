import Models
import Foundation

/// Builds a SentencePiece `precompiled_charsmap`, the binary normaliser HuggingFace's `Precompiled` reads, and reads one back.
///
/// The bytes are a little-endian u32 byte size of the trie, the trie's units (a ``DoubleArray`` whose
/// keys are UTF-8 source strings and whose values are byte offsets into the string pool), then the
/// pool: every replacement as UTF-8 followed by a NUL. An empty replacement (a single NUL) deletes
/// its source. HuggingFace applies the first (shortest) key that prefixes each grapheme, else each
/// character; a charsmap built from a per-codepoint ``NormalizationMap`` therefore rewrites a lone
/// character exactly as the map says.
///
/// ```swift
/// let charsmap = try PrecompiledCharsmapBuilder(map: file.normalization)
/// charsmap.bytes.count              // what goes, base64-encoded, into tokenizer.json
/// charsmap.transform("\u{FF21}")    // "A"
/// ```
public struct PrecompiledCharsmapBuilder: Equatable, Sendable {
    /// The serialised charsmap.
    public let bytes: [UInt8]
    /// The trie.
    public let trie: DoubleArray
    /// The string pool (NUL-terminated UTF-8 replacements).
    public let pool: [UInt8]

    /// Builds the charsmap of `map`: one key per source scalar; identical replacements share one pool entry.
    ///
    /// - Throws: ``DoubleArray/BuildError`` (a source U+0000 cannot be a key: the format ends keys at NUL;
    ///   a replacement containing U+0000 would be cut there and is refused the same way).
    public init(map: NormalizationMap) throws(DoubleArray.BuildError) {
        var pool: [UInt8] = []
        var offsets: [[UInt8]: UInt32] = [:]
        var keys: [[UInt8]] = []
        var values: [UInt32] = []
        for (i, entry) in map.entries.enumerated() {
            let replacement = Array(entry.replacementString.utf8)
            if replacement.contains(0) { throw .invalidKey(index: i, reason: "replacement contains U+0000") }
            let offset: UInt32
            if let known = offsets[replacement] {
                offset = known
            } else {
                offset = UInt32(pool.count)
                offsets[replacement] = offset
                pool += replacement
                pool.append(0)
            }
            keys.append(Array(String(entry.source).utf8))
            values.append(offset)
        }
        // UTF-8 preserves scalar order, so keys sorted by scalar are sorted bytewise.
        let trie = try DoubleArray(keys: keys, values: values)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + trie.units.count * 4 + pool.count)
        Self.appendLittleEndian(UInt32(trie.units.count * 4), to: &bytes)
        for unit in trie.units { Self.appendLittleEndian(unit, to: &bytes) }
        bytes += pool
        self.bytes = bytes
        self.trie = trie
        self.pool = pool
    }

    /// Reads serialised charsmap bytes (the inverse of ``bytes``), or nil when they are not one.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 4 else { return nil }
        let trieSize = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard trieSize % 4 == 0, 4 + trieSize <= bytes.count else { return nil }
        var units: [UInt32] = []
        units.reserveCapacity(trieSize / 4)
        for i in stride(from: 4, to: 4 + trieSize, by: 4) {
            units.append(UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
        self.bytes = bytes
        self.trie = DoubleArray(units: units)
        self.pool = Array(bytes[(4 + trieSize)...])
    }

    /// The replacement for the shortest key that prefixes `chunk`, or nil when no key does
    /// (`spm_precompiled`'s `transform`).
    public func transform(_ chunk: String) -> String? {
        guard let offset = trie.commonPrefixSearch(chunk.utf8).first else { return nil }
        let start = Int(offset)
        guard start <= pool.count else { return nil }
        let end = pool[start...].firstIndex(of: 0) ?? pool.count
        return String(decoding: pool[start ..< end], as: UTF8.self)
    }

    /// The serialised charsmap as base64 (standard alphabet, padded), as `tokenizer.json` stores it.
    public var base64: String {
        Data(bytes).base64EncodedString()
    }

    private static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value & 0xff), UInt8(value >> 8 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 24)]
    }
}
