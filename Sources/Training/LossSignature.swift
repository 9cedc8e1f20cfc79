/// The batch columns a loss takes: how many text columns, and what kind of label.
///
/// The trainer checks every term's dataset against its loss's signature before the first step (and before
/// any run of a sweep starts), so a dataset that cannot feed a loss is an error naming both, not a crash.
///
/// | loss | text columns | label |
/// |---|---|---|
/// | `CosineSimilarityLoss`, `CoSENTLoss`, `ContrastiveLoss` | 2 | a score `[B]` |
/// | `MultipleNegativesRankingLoss` | 2 or more (anchor, positive, negatives…) | none |
/// | `MSELoss`, `EmbedDistillLoss` | 1 or more | a vector column `[B, D]` (teacher embeddings, D the model's or the projection's width) |
/// | `RelativeSimilarityLoss`, `SimilarityKLDivLoss` | 1 or more | a vector column `[B, D]` of any width |
public struct LossSignature: Sendable, Equatable {
    /// What a loss takes as its label.
    public enum Label: Sendable, Equatable {
        /// No label (labels in the data are ignored).
        case none
        /// One number per row (`[B]`): a similarity score or a class.
        case score
        /// One vector per row (`[B, D]`), from a vector column of the data set. `width` is the D the loss
        /// expects; nil means the model's embedding width.
        case vector(width: Int?)
        /// One vector per row (`[B, D]`) of any width: the loss compares in-batch similarities, whose [B, B]
        /// matrices do not depend on D, so a teacher wider than the student needs no projection.
        case vectorOfAnyWidth
    }

    /// The number of text columns the loss accepts.
    public var textColumns: ClosedRange<Int>
    public var label: Label

    public init(textColumns: ClosedRange<Int>, label: Label) {
        self.textColumns = textColumns
        self.label = label
    }

    /// What the text columns must be, for messages: "2", "at least 2".
    var textColumnsDescription: String {
        if textColumns.lowerBound == textColumns.upperBound { return "\(textColumns.lowerBound)" }
        if textColumns.upperBound == Int.max { return "at least \(textColumns.lowerBound)" }
        return "\(textColumns.lowerBound) to \(textColumns.upperBound)"
    }
}
