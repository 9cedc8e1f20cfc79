/// An immutable open-addressing hash table from UTF-8 byte strings to token ids.
///
/// WordPiece probes many substrings of each word; looking them up as raw byte ranges avoids
/// building a `String` per probe, which is where a `[String: Int32]` lookup spends its time.
final class VocabularyTable: @unchecked Sendable {  // immutable after init
    /// All keys' bytes, back to back.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Per entry: start in `bytes`, byte length, id.
    private let starts: UnsafeMutableBufferPointer<Int32>
    private let lengths: UnsafeMutableBufferPointer<Int32>
    private let ids: UnsafeMutableBufferPointer<Int32>
    /// Slots hold entry index + 1 (0 = empty); the capacity is a power of two.
    private let slots: UnsafeMutableBufferPointer<Int32>
    private let mask: Int
    /// The longest key in bytes: probes longer than this cannot match.
    let maxKeyLength: Int
    /// The number of keys.
    let count: Int

    /// A table of `entries` (byte key, id); a later duplicate key replaces an earlier one.
    init(_ entries: [(key: [UInt8], id: Int32)]) {
        let totalBytes = entries.reduce(0) { $0 + $1.key.count }
        bytes = .allocate(capacity: max(totalBytes, 1))
        starts = .allocate(capacity: max(entries.count, 1))
        lengths = .allocate(capacity: max(entries.count, 1))
        ids = .allocate(capacity: max(entries.count, 1))
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        mask = capacity - 1

        var offset = 0, n = 0, longest = 0
        for (key, id) in entries {
            let slot = Self.findSlot(key.withUnsafeBufferPointer { $0 }, hash: Self.hash(key), slots: slots, mask: mask,
                                     bytes: bytes, starts: starts, lengths: lengths)
            if slots[slot] != 0 {  // duplicate key: the later id wins, as in a dictionary built in order
                ids[Int(slots[slot]) - 1] = id
                continue
            }
            _ = UnsafeMutableBufferPointer(rebasing: bytes[offset..<offset + key.count]).initialize(from: key)
            starts[n] = Int32(offset)
            lengths[n] = Int32(key.count)
            ids[n] = id
            slots[slot] = Int32(n + 1)
            offset += key.count
            n += 1
            longest = max(longest, key.count)
        }
        count = n
        maxKeyLength = longest
    }

    deinit {
        bytes.deallocate(); starts.deallocate(); lengths.deallocate(); ids.deallocate(); slots.deallocate()
    }

    /// The id stored for the bytes `key[0..<length]`, or -1.
    @inline(__always)
    func id(_ key: UnsafePointer<UInt8>, length: Int) -> Int32 {
        var h = 0xcbf2_9ce4_8422_2325 as UInt64
        for i in 0..<length { h = (h ^ UInt64(key[i])) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return -1 }
            let e = entry - 1
            if Int(lengths[e]) == length && memEqual(bytes.baseAddress! + Int(starts[e]), key, length) { return ids[e] }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func memEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    private static func hash(_ key: [UInt8]) -> UInt64 {
        var h = 0xcbf2_9ce4_8422_2325 as UInt64
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private static func findSlot(
        _ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, slots: UnsafeMutableBufferPointer<Int32>, mask: Int,
        bytes: UnsafeMutableBufferPointer<UInt8>, starts: UnsafeMutableBufferPointer<Int32>, lengths: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[slot] != 0 {
            let e = Int(slots[slot]) - 1
            if Int(lengths[e]) == key.count && key.elementsEqual(bytes[Int(starts[e])..<Int(starts[e]) + key.count]) { return slot }
            slot = (slot + 1) & mask
        }
        return slot
    }
}
