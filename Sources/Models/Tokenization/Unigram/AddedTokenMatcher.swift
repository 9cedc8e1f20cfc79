/// Finds added tokens in UTF-8 text exactly as HuggingFace's `AddedVocabulary` does, and splits around them.
///
/// Matching is leftmost-longest (its Aho-Corasick automaton); a `single_word` token must not touch a
/// word character (`\w`: alphabetic, mark, decimal digit, connector punctuation, join control) on
/// either side, and a rejected match is skipped as a whole; `lstrip` / `rstrip` absorb Unicode
/// whitespace (`\s`) next to the match. (``AddedTokenSplitter``, which `BertTokenizer` uses, works on
/// scalars and treats `single_word` with BERT's whitespace instead.)
struct AddedTokenMatcher: Sendable {
    /// One token to find.
    struct Pattern: Sendable {
        var bytes: [UInt8]
        var id: Int32
        var singleWord: Bool
        var lstrip: Bool
        var rstrip: Bool
    }

    /// For each first byte, the patterns starting with it, longest first.
    private let byFirstByte: [[Pattern]]
    /// Whether there is nothing to find.
    let isEmpty: Bool

    init(_ patterns: [Pattern]) {
        var table = [[Pattern]](repeating: [], count: 256)
        for p in patterns where !p.bytes.isEmpty { table[Int(p.bytes[0])].append(p) }
        for b in 0..<256 where table[b].count > 1 {
            // Longest first; among equal contents the one added last wins, as in the automaton's map.
            table[b] = table[b].enumerated().sorted {
                $0.element.bytes.count != $1.element.bytes.count ? $0.element.bytes.count > $1.element.bytes.count
                    : $0.offset > $1.offset
            }.map(\.element)
        }
        byFirstByte = table
        isEmpty = patterns.allSatisfy(\.bytes.isEmpty)
    }

    /// Calls `body` for each piece of `text` in order: `(range, id)` for a token, `(range, nil)` for
    /// the text between tokens (never empty).
    func split(_ text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int32?) -> Void) {
        let n = text.count
        var pieceStart = 0   // HuggingFace's `start_offset`
        var i = 0            // where the automaton searches next
        while i < n {
            let candidates = byFirstByte[Int(text[i])]
            guard !candidates.isEmpty, let pattern = candidates.first(where: { p in
                p.bytes.withUnsafeBufferPointer { UTF8Text.hasPrefix(text, at: i, $0) }
            }) else {
                i += 1
                continue
            }
            var start = i
            var stop = i + pattern.bytes.count
            i = stop
            if pattern.singleWord {
                let leftOK = start == 0 || !Self.isWordCharacter(before: start, in: text)
                let rightOK = stop == n || !Self.isWordCharacter(UTF8Text.decode(text, at: stop).value)
                guard leftOK && rightOK else { continue }
            }
            if pattern.lstrip {
                var s = start
                while s > 0 {
                    let p = UTF8Text.previousScalarStart(text, before: s)
                    guard TextNormalizer.isWhitespace(UTF8Text.decode(text, at: p).value) else { break }
                    s = p
                }
                start = max(s, pieceStart)
            }
            if pattern.rstrip {
                while stop < n {
                    let (value, length) = UTF8Text.decode(text, at: stop)
                    guard TextNormalizer.isWhitespace(value) else { break }
                    stop += length
                }
            }
            if pieceStart < start { body(pieceStart..<start, nil) }
            body(start..<stop, pattern.id)
            pieceStart = stop
        }
        if pieceStart < n { body(pieceStart..<n, nil) }
    }

    private static func isWordCharacter(before end: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        isWordCharacter(UTF8Text.decode(text, at: UTF8Text.previousScalarStart(text, before: end)).value)
    }

    /// Rust regex's Unicode `\w`.
    private static func isWordCharacter(_ value: UInt32) -> Bool {
        if value < 0x80 {
            let b = UInt8(value)
            return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let p = scalar.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }
}
