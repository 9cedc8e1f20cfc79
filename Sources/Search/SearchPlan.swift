/// How to search an index: exact over full-width vectors, or a shortlist from a stored representation
/// re-scored at full width.
///
/// ```swift
/// let flat = SearchPlan(k: 10)                                                   // exact, full width
/// let fast = SearchPlan(k: 10, shortlist: .init(dim: 384, precision: .binary, k: 200))   // Hamming → fp32 rerank
/// ```
public struct SearchPlan: Equatable, Sendable, CustomStringConvertible {
    /// Results per query.
    public var k: Int
    /// Stage 1 (nil: exact search over the full-width float32 vectors).
    public var shortlist: Shortlist?
    /// Whether stage 2 re-scores the shortlist with the full-width vectors (else stage 1's scores are final).
    public var rerank: Bool

    /// A stage-1 representation and how many candidates it passes on.
    public struct Shortlist: Equatable, Sendable {
        public var dim: Int
        public var precision: ShortlistPrecision
        public var k: Int
        public init(dim: Int, precision: ShortlistPrecision, k: Int) {
            self.dim = dim
            self.precision = precision
            self.k = k
        }
    }

    public init(k: Int = 10, shortlist: Shortlist? = nil, rerank: Bool = true) {
        self.k = k
        self.shortlist = shortlist
        self.rerank = rerank
    }

    /// "flat", or e.g. "binary 384 → rerank (200)".
    public var description: String {
        guard let s = shortlist else { return "flat" }
        return "\(s.precision.rawValue) \(s.dim) → " + (rerank ? "rerank" : "no rerank") + " (\(s.k))"
    }
}
