import Foundation

/// What a `Replace` normalizer looks for: a literal string, or a regular expression.
///
/// HuggingFace compiles both to an Oniguruma regex and replaces every non-overlapping match, left to
/// right. Here a literal is searched byte by byte, a regex of the form `c{n,}`, `c{n,m}` or `c+` (one
/// literal character repeated, like XLM-R's `" {2,}"`) is matched by a loop, and any other regex goes
/// through `NSRegularExpression` (ICU), which agrees with Oniguruma on the patterns tokenizer files use.
enum ReplacePattern: Sendable {
    /// A literal byte string (non-empty).
    case literal([UInt8])
    /// One character repeated `min...max` times (greedy).
    case run(character: [UInt8], min: Int, max: Int)
    /// Any other regular expression.
    case regex(RegexBox)

    /// An `NSRegularExpression` shared between threads (it is immutable and documented thread-safe).
    final class RegexBox: @unchecked Sendable {
        let regex: NSRegularExpression
        init(_ regex: NSRegularExpression) { self.regex = regex }
    }

    /// A literal pattern.
    static func string(_ s: String) -> ReplacePattern {
        s.isEmpty ? .run(character: [], min: 1, max: 0) : .literal(Array(s.utf8))
    }

    /// A regex pattern; nil if ICU cannot compile it.
    static func regex(_ pattern: String) -> ReplacePattern? {
        if let run = simpleRun(pattern) { return run }
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        return .regex(RegexBox(regex))
    }

    /// `c{n,}`, `c{n,m}` or `c+` with `c` a character that is not a regex metacharacter.
    private static func simpleRun(_ pattern: String) -> ReplacePattern? {
        let scalars = Array(pattern.unicodeScalars)
        guard scalars.count >= 2, !"\\^$.|?*+()[]{}".unicodeScalars.contains(scalars[0]),
              !scalars[0].properties.isWhitespace || scalars[0] == " " else { return nil }
        let character = Array(String(scalars[0]).utf8)
        let rest = String(String.UnicodeScalarView(scalars[1...]))
        if rest == "+" { return .run(character: character, min: 1, max: .max) }
        guard rest.hasPrefix("{"), rest.hasSuffix("}") else { return nil }
        let inside = rest.dropFirst().dropLast()
        let parts = inside.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = Int(parts[0]), lo >= 1 else { return nil }
        if parts[1].isEmpty { return .run(character: character, min: lo, max: .max) }
        guard let hi = Int(parts[1]), hi >= lo else { return nil }
        return .run(character: character, min: lo, max: hi)
    }

    /// Replaces every match in `text` by `content`, appending the result to `out` (and recording
    /// alignments when `recorder` is given: HuggingFace gives the replacement the position of the
    /// match's last character).
    func replace(in text: UnsafeBufferPointer<UInt8>, with content: [UInt8], into out: inout [UInt8],
                 recorder: inout AlignmentRecorder?) {
        var matches: [Range<Int>] = []
        find(in: text) { matches.append($0) }
        var copied = 0
        let contentScalars = recorder == nil ? 0 : String(decoding: content, as: UTF8.self).unicodeScalars.count
        for match in matches {
            out.append(contentsOf: text[copied..<match.lowerBound])
            out.append(contentsOf: content)
            if recorder != nil {
                Self.recordKept(text[copied..<match.lowerBound], &recorder)
                recorder?.skip(text[match].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
                for _ in 0..<contentScalars { recorder?.emit(consuming: 0) }
            }
            copied = match.upperBound
        }
        out.append(contentsOf: text[copied...])
        if recorder != nil { Self.recordKept(text[copied...], &recorder) }
    }

    /// Records unchanged text: each scalar consumes itself.
    private static func recordKept(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ recorder: inout AlignmentRecorder?) {
        for b in bytes where b & 0xC0 != 0x80 { recorder?.emit(consuming: 1) }
    }

    /// Calls `body` with each match's byte range, left to right, not overlapping.
    private func find(in text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        let n = text.count
        switch self {
        case .literal(let literal):
            literal.withUnsafeBufferPointer { literal in
                let first = literal[0]
                var i = 0
                while i < n {
                    if text[i] == first && UTF8Text.hasPrefix(text, at: i, literal) {
                        body(i..<i + literal.count)
                        i += literal.count
                    } else {
                        i += 1
                    }
                }
            }
        case .run(let character, let min, let max):
            guard !character.isEmpty else { return }
            character.withUnsafeBufferPointer { c in
                let width = c.count
                var i = 0
                while i < n {
                    guard text[i] == c[0] && UTF8Text.hasPrefix(text, at: i, c) else {
                        i += 1
                        continue
                    }
                    var count = 1
                    var end = i + width
                    while count < max && UTF8Text.hasPrefix(text, at: end, c) {
                        count += 1
                        end += width
                    }
                    if count >= min { body(i..<end) }
                    i = end
                }
            }
        case .regex(let box):
            let string = String(decoding: text, as: UTF8.self)
            let matches = box.regex.matches(in: string, range: NSRange(location: 0, length: string.utf16.count))
            guard !matches.isEmpty else { return }
            // UTF-16 offset → UTF-8 offset (matches may end inside a grapheme, so no String.Index rounding).
            var utf8Offset = [Int](repeating: 0, count: string.utf16.count + 1)
            var u16 = 0, i = 0
            while i < n {
                let (value, length) = UTF8Text.decode(text, at: i)
                utf8Offset[u16] = i
                if value >= 0x10000 { utf8Offset[u16 + 1] = i; u16 += 2 } else { u16 += 1 }
                i += length
            }
            utf8Offset[u16] = n
            var last = 0
            for match in matches where match.range.location != NSNotFound {
                let lo = utf8Offset[match.range.location], hi = utf8Offset[match.range.location + match.range.length]
                guard lo >= last else { continue }
                body(lo..<hi)
                last = hi
            }
        }
    }
}
