/// One result of a search: a corpus position, its score and the stage that scored it.
public struct SearchHit: Equatable, Sendable {
    /// Which computation produced `score`.
    public enum Stage: String, Sendable {
        /// Exact cosine over the full-width vectors, every passage scored (flat search).
        case exact
        /// Stage 1 only: the shortlist representation's estimate (a cosine of the prefix; for int8 the
        /// dequantised dot product; for binary 1 − 2·Hamming/dim).
        case shortlist
        /// Exact full-width cosine of a shortlisted passage (stage 2).
        case rerank
    }

    /// The passage's position in the index (its id is `index.id(position)`).
    public let position: Int
    public let score: Double
    public let stage: Stage
}
