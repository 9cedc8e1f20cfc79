/// Finds added tokens in a scalar sequence, leftmost-longest, and splits the text around them.
struct AddedTokenSplitter: Sendable {
    /// One searchable token: its scalars and how it matches.
    struct Pattern: Sendable {
        var scalars: [UInt32]
        var id: Int32
        var singleWord: Bool
        var lstrip: Bool
        var rstrip: Bool
    }

    /// Patterns, longest first, so the first hit at a position is the longest.
    private let patterns: [Pattern]
    /// Whether an ASCII scalar starts some pattern.
    private let asciiFirst: [Bool]
    /// The non-ASCII scalars that start some pattern.
    private let otherFirst: Set<UInt32>

    /// Whether there is nothing to find.
    var isEmpty: Bool { patterns.isEmpty }

    init(_ patterns: [Pattern]) {
        let kept = patterns.filter { !$0.scalars.isEmpty }
        self.patterns = kept.sorted { $0.scalars.count > $1.scalars.count }
        var ascii = [Bool](repeating: false, count: 128)
        var other = Set<UInt32>()
        for p in kept {
            if p.scalars[0] < 128 { ascii[Int(p.scalars[0])] = true } else { other.insert(p.scalars[0]) }
        }
        asciiFirst = ascii
        otherFirst = other
    }

    /// Calls `body` for each piece of `text` in order: `(range, id)` for a matched token,
    /// `(range, nil)` for the text between matches (never empty).
    func split(_ text: UnsafeBufferPointer<UInt32>, _ body: (Range<Int>, Int32?) -> Void) {
        let n = text.count
        var pieceStart = 0
        var i = 0
        while i < n {
            let v = text[i]
            let candidate = v < 128 ? asciiFirst[Int(v)] : otherFirst.contains(v)
            guard candidate, let (pattern, end) = match(at: i, in: text) else {
                i += 1
                continue
            }
            var start = i, stop = end
            if pattern.lstrip { while start > pieceStart && BertCharacters.isWhitespace(text[start - 1]) { start -= 1 } }
            if pattern.rstrip { while stop < n && BertCharacters.isWhitespace(text[stop]) { stop += 1 } }
            if start > pieceStart { body(pieceStart..<start, nil) }
            body(start..<stop, pattern.id)
            pieceStart = stop
            i = stop
        }
        if pieceStart < n { body(pieceStart..<n, nil) }
    }

    /// The longest pattern matching at `i` (honouring `singleWord`) and where its match ends.
    private func match(at i: Int, in text: UnsafeBufferPointer<UInt32>) -> (Pattern, Int)? {
        let n = text.count
        for p in patterns where p.scalars[0] == text[i] && i + p.scalars.count <= n {
            var same = true
            for k in 1..<p.scalars.count where p.scalars[k] != text[i + k] {
                same = false
                break
            }
            guard same else { continue }
            let end = i + p.scalars.count
            if p.singleWord {
                let leftOK = i == 0 || BertCharacters.isWhitespace(text[i - 1])
                let rightOK = end == n || BertCharacters.isWhitespace(text[end])
                guard leftOK && rightOK else { continue }
            }
            return (p, end)
        }
        return nil
    }
}
