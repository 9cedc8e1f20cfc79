import Foundation

/// Unicode normalization forms as HuggingFace `tokenizers` computes them: with the crate
/// `unicode-normalization-alignments` 0.1.12, whose tables are Unicode 9.0.
///
/// Decomposition is scalar by scalar, then marks are sorted by combining class within each run
/// (stably), then — for NFC / NFKC — the crate's composition loop. Scalars assigned after Unicode 9.0
/// are left alone (no decomposition, combining class 0, no composition), as the crate does, so the
/// output matches HuggingFace's rather than today's Unicode. The mappings themselves come from
/// Foundation (decomposition of one scalar) and the standard library's NFC (composition of a pair);
/// Unicode's stability policy keeps those the same as 9.0's for scalars 9.0 already had.
///
/// Each output scalar carries HuggingFace's `change` (0: replaces the next input scalar, 1: inserted,
/// −k: replaces it and removes k more), from which alignments are recorded.
struct UnicodeNormalizer {
    /// Compatibility (NFKC, NFKD) rather than canonical (NFC, NFD) decomposition.
    let compatibility: Bool
    /// Recompose after decomposing (NFC, NFKC).
    let composes: Bool

    /// One scalar of the stream with HuggingFace's change.
    private struct Item {
        var scalar: Unicode.Scalar
        var combiningClass: UInt8
        var change: Int
    }

    /// Appends the normalized `text` to `out`, recording alignments when `recorder` is given.
    func normalize(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], recorder: inout AlignmentRecorder?) {
        if !text.contains(where: { $0 >= 0x80 }) {   // ASCII is its own normal form
            out.append(contentsOf: text)
            if recorder != nil { for _ in 0..<text.count { recorder?.emit(consuming: 1) } }
            return
        }
        let decomposed = decompose(text)
        let items = composes ? compose(decomposed) : decomposed
        for item in items {
            UTF8Text.append(item.scalar.value, to: &out)
            recorder?.emit(consuming: item.change > 0 ? 0 : 1 - item.change)
        }
    }

    /// Whether the crate's Unicode 9.0 tables know `scalar`.
    static func inUnicode9(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x0378 { return true }   // all assigned since Unicode 1.1
        guard let age = scalar.properties.age else { return false }
        return age.major < 9 || (age.major == 9 && age.minor == 0)
    }

    private static func combiningClass(_ scalar: Unicode.Scalar) -> UInt8 {
        guard scalar.value >= 0x300, inUnicode9(scalar) else { return 0 }
        return scalar.properties.canonicalCombiningClass.rawValue
    }

    /// Decomposes scalar by scalar and puts each run of marks in canonical order.
    private func decompose(_ text: UnsafeBufferPointer<UInt8>) -> [Item] {
        var items: [Item] = []
        items.reserveCapacity(text.count)
        var runStart = 0   // first item not yet in canonical order
        func sortRun() {
            if items.count - runStart > 1 {
                let sorted = items[runStart...].enumerated().sorted {
                    $0.element.combiningClass != $1.element.combiningClass
                        ? $0.element.combiningClass < $1.element.combiningClass : $0.offset < $1.offset
                }.map(\.element)
                items.replaceSubrange(runStart..., with: sorted)
            }
            runStart = items.count
        }
        var i = 0
        while i < text.count {
            let (value, length) = UTF8Text.decode(text, at: i)
            i += length
            guard let scalar = Unicode.Scalar(value) else { continue }
            var first = true
            for d in decomposition(of: scalar) {
                let ccc = Self.combiningClass(d)
                if ccc == 0 { sortRun() }
                items.append(Item(scalar: d, combiningClass: ccc, change: first ? 0 : 1))
                first = false
            }
        }
        sortRun()
        return items
    }

    /// The full decomposition of one scalar (itself when it has none or is newer than Unicode 9.0).
    private func decomposition(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard scalar.value >= 0xA0, Self.inUnicode9(scalar) else { return [scalar] }
        let s = String(scalar)
        let d = compatibility ? s.decomposedStringWithCompatibilityMapping : s.decomposedStringWithCanonicalMapping
        return Array(d.unicodeScalars)
    }

    /// The crate's recomposition loop (`Recompositions::next`), changes merged as `k + change − 1`.
    private func compose(_ items: [Item]) -> [Item] {
        var out: [Item] = []
        out.reserveCapacity(items.count)
        var composee: Item? = nil
        var buffer: [Item] = []
        var lastClass: UInt8? = nil
        for item in items {
            guard let k = composee else {
                if item.combiningClass != 0 {
                    out.append(item)
                } else {
                    composee = item
                }
                continue
            }
            if let last = lastClass, last >= item.combiningClass {
                // Blocked from the composee.
                if item.combiningClass == 0 {
                    out.append(k)
                    out.append(contentsOf: buffer)
                    buffer.removeAll()
                    composee = item
                    lastClass = nil
                } else {
                    buffer.append(item)
                    lastClass = item.combiningClass
                }
                continue
            }
            if let r = Self.primaryComposite(k.scalar, item.scalar) {
                composee = Item(scalar: r, combiningClass: Self.combiningClass(r), change: k.change + item.change - 1)
            } else if lastClass == nil && item.combiningClass == 0 {
                out.append(k)
                composee = item
            } else {
                buffer.append(item)
                lastClass = item.combiningClass
            }
        }
        if let k = composee { out.append(k) }   // at the end the composee comes before the buffer
        out.append(contentsOf: buffer)
        return out
    }

    /// The primary composite of `a` followed by `b`, if Unicode 9.0 has one.
    private static func primaryComposite(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Unicode.Scalar? {
        // Second parts of canonical decompositions are all at U+0300 or above, never CJK ideographs
        // or Hangul syllables.
        let v = b.value
        if v < 0x300 || (0x3400...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) { return nil }
        guard inUnicode9(a), inUnicode9(b) else { return nil }
        let pair = String(String.UnicodeScalarView([a, b]))
        let composed = String(decoding: pair._nfcCodeUnits, as: UTF8.self).unicodeScalars
        guard composed.count == 1, let r = composed.first, r != a, inUnicode9(r) else { return nil }
        return r
    }
}
