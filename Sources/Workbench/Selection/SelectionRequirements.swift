/// The answers to the decision tree's questions (Chinese? resources? API acceptable?) that a recommendation follows.
public struct SelectionRequirements: Sendable, Equatable {
    /// Whether the documents are Chinese: candidates are then ranked by the Chinese suite (`legal-zh`), else by
    /// the English one (`stsb`).
    public var chinese: Bool
    /// Whether texts may be sent to an embeddings API; when not, API candidates are left out.
    public var apiAcceptable: Bool
    /// The most memory encoding may take on the target machine (peak resident set, MiB); nil: no limit.
    public var maxMemoryMiB: Double?
    /// The least encode throughput acceptable on this machine (sentences per second); nil: no limit.
    public var minSentencesPerSecond: Double?
    /// How much lower a score may be and still count as "as good" (absolute, on the 0–1 scale): a cheaper
    /// candidate within it of the best is preferred, and the narrowest Matryoshka width within it is the one to store.
    public var tolerance: Double
    /// The suite to rank by instead of the language's default (a user's own suite's name).
    public var rankBy: String?

    public init(chinese: Bool = true, apiAcceptable: Bool = true, maxMemoryMiB: Double? = nil,
                minSentencesPerSecond: Double? = nil, tolerance: Double = 0.01, rankBy: String? = nil) {
        self.rankBy = rankBy
        self.chinese = chinese
        self.apiAcceptable = apiAcceptable
        self.maxMemoryMiB = maxMemoryMiB
        self.minSentencesPerSecond = minSentencesPerSecond
        self.tolerance = tolerance
    }

    /// The suite candidates are ranked by: `rankBy`, else `legal-zh` for Chinese documents and `stsb` for English.
    public var rankingSuite: String { rankBy ?? (chinese ? "legal-zh" : "stsb") }
}
