/// Finds added tokens in text exactly as HuggingFace's `AddedVocabulary` does, and splits around them;
/// both tokenizers use it, ``BertTokenizer`` on Unicode scalars and ``UnigramTokenizer`` on UTF-8 bytes.
///
/// Matching is leftmost-longest (its Aho-Corasick automaton); a `single_word` token must not touch a
/// word character (`\w`: alphabetic, mark, decimal digit, connector punctuation, join control) on
/// either side, and a rejected match is skipped as a whole; `lstrip` / `rstrip` absorb Unicode
/// whitespace (`\s`) next to the match.
struct AddedTokenMatcher<Unit: TextCodeUnit>: Sendable {
    /// One token to find.
    struct Pattern: Sendable {
        var units: [Unit]
        var id: Int32
        var singleWord: Bool
        var lstrip: Bool
        var rstrip: Bool
    }

    /// For each first unit below 256, the patterns starting with it, longest first.
    private let byFirstUnit: [[Pattern]]
    /// The same for first units from 256 on (scalars only).
    private let byLargeFirstUnit: [Unit: [Pattern]]
    /// Whether there is nothing to find.
    let isEmpty: Bool

    init(_ patterns: [Pattern]) {
        var table = [[Pattern]](repeating: [], count: 256)
        var large: [Unit: [Pattern]] = [:]
        for p in patterns where !p.units.isEmpty {
            if p.units[0] < 256 { table[Int(p.units[0])].append(p) } else { large[p.units[0], default: []].append(p) }
        }
        self.byFirstUnit = table.map(Self.longestFirst)
        self.byLargeFirstUnit = large.mapValues(Self.longestFirst)
        isEmpty = patterns.allSatisfy(\.units.isEmpty)
    }

    /// The tokens `tokens` as patterns in `Unit`s, each content mapped by `transform` first (a normalizer).
    init(_ tokens: [AddedToken], transform: (String) -> [Unit] = Unit.units(of:)) {
        self.init(tokens.map {
            Pattern(units: transform($0.content), id: $0.id, singleWord: $0.singleWord, lstrip: $0.lstrip, rstrip: $0.rstrip)
        })
    }

    /// Longest first; among equal contents the one added last wins, as in the automaton's map.
    private static func longestFirst(_ patterns: [Pattern]) -> [Pattern] {
        guard patterns.count > 1 else { return patterns }
        return patterns.enumerated().sorted {
            $0.element.units.count != $1.element.units.count ? $0.element.units.count > $1.element.units.count
                : $0.offset > $1.offset
        }.map(\.element)
    }

    /// Appends the ids of `text` to `ids` until there are `limit`: a token's id for each token, and what
    /// `segment` appends for the text between tokens (for all of `text` when there are no tokens to find).
    func append(_ text: UnsafeBufferPointer<Unit>, limit: Int, to ids: inout [Int32],
                segment: (Range<Int>, inout [Int32]) -> Void) {
        if isEmpty {
            segment(0..<text.count, &ids)
            return
        }
        split(text) { range, id in
            guard ids.count < limit else { return }
            if let id { ids.append(id) } else { segment(range, &ids) }
        }
    }

    /// Calls `body` for each piece of `text` in order: `(range, id)` for a token, `(range, nil)` for
    /// the text between tokens (never empty).
    func split(_ text: UnsafeBufferPointer<Unit>, _ body: (Range<Int>, Int32?) -> Void) {
        let n = text.count
        var pieceStart = 0   // HuggingFace's `start_offset`
        var i = 0            // where the automaton searches next
        while i < n {
            guard let pattern = longestMatch(at: i, in: text) else {
                i += 1
                continue
            }
            var start = i
            var stop = i + pattern.units.count
            i = stop
            if pattern.singleWord {
                let leftOK = start == 0 || !Self.isWordCharacter(Unit.scalar(in: text, at: Unit.scalarStart(in: text, before: start)).value)
                let rightOK = stop == n || !Self.isWordCharacter(Unit.scalar(in: text, at: stop).value)
                guard leftOK && rightOK else { continue }
            }
            if pattern.lstrip {
                var s = start
                while s > 0 {
                    let p = Unit.scalarStart(in: text, before: s)
                    guard TextNormalizer.isWhitespace(Unit.scalar(in: text, at: p).value) else { break }
                    s = p
                }
                start = max(s, pieceStart)
            }
            if pattern.rstrip {
                while stop < n {
                    let (value, length) = Unit.scalar(in: text, at: stop)
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

    /// The longest pattern whose units stand at `i` of `text`.
    @inline(__always)
    private func longestMatch(at i: Int, in text: UnsafeBufferPointer<Unit>) -> Pattern? {
        let first = text[i]
        let candidates: [Pattern]
        if first < 256 {
            candidates = byFirstUnit[Int(first)]
        } else {
            guard !byLargeFirstUnit.isEmpty, let large = byLargeFirstUnit[first] else { return nil }
            candidates = large
        }
        guard !candidates.isEmpty else { return nil }
        return candidates.first { p in
            guard i + p.units.count <= text.count else { return false }
            for k in 1..<p.units.count where text[i + k] != p.units[k] { return false }
            return true
        }
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
