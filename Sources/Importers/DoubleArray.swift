import Models
/// A darts-clone double-array trie over byte strings, built and searched the way SentencePiece and
/// HuggingFace's `spm_precompiled` read it.
///
/// Each 32-bit unit is either a node or a leaf. A node keeps its label (the byte that leads to it) in
/// bits 0–7, a has-leaf flag in bit 8 and, in bits 10–31, the XOR offset from its own position to the
/// base of its children: the child for byte c sits at `position ^ offset ^ c`, and the leaf holding
/// the node's value at `position ^ offset` (label 0). A leaf sets bit 31 and keeps the value in bits
/// 0–30. Searching follows a key byte by byte and stops at the first unit whose label differs.
///
/// The builder places nodes breadth-first and gives every node the first free base whose child slots
/// are all free; bases are never shared, so a label check is enough to reject foreign slots. The
/// array is padded to a multiple of 256 units, so `base ^ c` stays inside it for every byte c.
///
/// ```swift
/// let trie = try DoubleArray(keys: [Array("a".utf8), Array("ab".utf8)], values: [7, 9])
/// trie.commonPrefixSearch(Array("abc".utf8))   // [7, 9]
/// ```
public struct DoubleArray: Equatable, Sendable {
    /// Why a trie could not be built.
    public enum BuildError: Error, Equatable, Sendable {
        /// Keys must be non-empty, free of NUL bytes, sorted bytewise and distinct.
        case invalidKey(index: Int, reason: String)
        /// A value does not fit the 31 bits of a leaf.
        case valueTooLarge(index: Int, value: UInt32)
        /// The trie needs offsets beyond the 21 bits a unit holds (far more keys than a charsmap has).
        case tooLarge(units: Int)
    }

    /// The units, little-endian on disk.
    public let units: [UInt32]

    /// Wraps units read from a file.
    public init(units: [UInt32]) {
        self.units = units
    }

    /// Builds the trie mapping each key to its value.
    ///
    /// - Parameters:
    ///   - keys: byte strings, each non-empty and without NUL, sorted bytewise, no key twice.
    ///   - values: one per key, below 2³¹.
    /// - Throws: ``BuildError``.
    public init(keys: [[UInt8]], values: [UInt32]) throws(BuildError) {
        precondition(keys.count == values.count, "DoubleArray: \(keys.count) keys but \(values.count) values")
        for (i, key) in keys.enumerated() {
            if key.isEmpty { throw .invalidKey(index: i, reason: "empty") }
            if key.contains(0) { throw .invalidKey(index: i, reason: "contains a NUL byte") }
            if i > 0, !keys[i - 1].lexicographicallyPrecedes(key) {
                throw .invalidKey(index: i, reason: "not after key \(i - 1) in bytewise order")
            }
            if values[i] >= 1 << 31 { throw .valueTooLarge(index: i, value: values[i]) }
        }

        // A plain trie first: children[n] maps a label to a node; terminal[n] holds a key's value.
        var children: [[(label: UInt8, node: Int)]] = [[]]
        var terminal: [UInt32?] = [nil]
        for (key, value) in zip(keys, values) {
            var node = 0
            for byte in key {
                if let last = children[node].last, last.label == byte {
                    node = last.node   // keys are sorted, so a shared prefix is always the last child
                } else {
                    children.append([])
                    terminal.append(nil)
                    children[node].append((byte, children.count - 1))
                    node = children.count - 1
                }
            }
            terminal[node] = value
        }

        var units: [UInt32] = Array(repeating: 0, count: 256)
        var used: [Bool] = Array(repeating: false, count: 256)
        var baseUsed: [Bool] = Array(repeating: false, count: 256)
        used[0] = true   // the root
        var firstFree = 1
        let maxOffset = 1 << 21

        func grow(to size: Int) {
            let padded = (size + 255) / 256 * 256
            guard padded > units.count else { return }
            units += Array(repeating: 0, count: padded - units.count)
            used += Array(repeating: false, count: padded - used.count)
            baseUsed += Array(repeating: false, count: padded - baseUsed.count)
        }

        var queue: [(node: Int, position: Int)] = [(0, 0)]
        var head = 0
        while head < queue.count {
            let (node, position) = queue[head]
            head += 1
            var labels: [UInt8] = terminal[node] == nil ? [] : [0]
            labels += children[node].map(\.label)
            if labels.isEmpty { continue }

            // The first base b whose slots b ^ label are all free: try each free slot for the first label.
            while firstFree < used.count, used[firstFree] { firstFree += 1 }
            var slot = firstFree
            var base = 0
            search: while true {
                grow(to: slot + 1)
                if !used[slot] {
                    base = slot ^ Int(labels[0])
                    if base != 0, !baseUsed[base], labels.allSatisfy({ !used[base ^ Int($0)] }) {
                        break search
                    }
                }
                slot += 1
            }
            let offset = position ^ base
            guard offset < maxOffset else { throw .tooLarge(units: units.count) }
            baseUsed[base] = true
            units[position] |= UInt32(offset) << 10
            if let value = terminal[node] {
                units[position] |= 1 << 8
                units[base] = (1 << 31) | value
                used[base] = true
            }
            for child in children[node] {
                let p = base ^ Int(child.label)
                units[p] = UInt32(child.label)
                used[p] = true
                queue.append((child.node, p))
            }
        }
        // Trim trailing 256-unit blocks that hold nothing.
        var size = units.count
        while size > 256, !used[(size - 256) ..< size].contains(true) { size -= 256 }
        self.units = Array(units[..<size])
    }

    /// The values of every key that is a prefix of `key`, shortest first; the search stops at a NUL
    /// byte, as SentencePiece's does.
    public func commonPrefixSearch(_ key: some Sequence<UInt8>) -> [UInt32] {
        guard !units.isEmpty else { return [] }
        var results: [UInt32] = []
        var position = Int(Self.offset(units[0]))
        for byte in key {
            if byte == 0 { break }
            position ^= Int(byte)
            guard position < units.count else { return results }
            let unit = units[position]
            guard unit & ((1 << 31) | 0xff) == UInt32(byte) else { return results }
            position ^= Int(Self.offset(unit))
            if unit & (1 << 8) != 0 {
                guard position < units.count else { return results }
                results.append(units[position] & ((1 << 31) - 1))
            }
        }
        return results
    }

    /// The child offset stored in a node unit (bit 9 set: shifted left by a further 8 bits).
    static func offset(_ unit: UInt32) -> UInt32 {
        (unit >> 10) << ((unit & (1 << 9)) >> 6)
    }
}
