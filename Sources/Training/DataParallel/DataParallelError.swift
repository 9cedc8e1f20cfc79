/// Why a data-parallel run cannot start or had to stop.
public enum DataParallelError: Error, CustomStringConvertible, Equatable {
    /// The global batch does not split evenly over the ranks.
    case batchNotDivisible(batchSize: Int, ranks: Int)
    /// The ranks run different code or different configs (their start-up hashes differ).
    case ranksDisagree(String)
    /// A collective failed: a rank died or the transport broke.
    case collectiveFailed(String)

    /// Whether every rank finds this error alike (from values they all share), so one rank's report says it all.
    public var isFoundByEveryRank: Bool {
        switch self {
        case .batchNotDivisible, .ranksDisagree: true
        case .collectiveFailed: false
        }
    }

    public var description: String {
        switch self {
        case .batchNotDivisible(let batchSize, let ranks):
            "--data-parallel over \(ranks) ranks: the global batch (--batch-size \(batchSize)) must be a multiple of \(ranks), "
                + "so every rank takes an equal shard; try --batch-size \(max(ranks, (batchSize / ranks) * ranks))"
        case .ranksDisagree(let what): "the ranks of this data-parallel job disagree: \(what)"
        case .collectiveFailed(let why):
            "a collective between the ranks failed (a rank died or the connection broke): \(why)"
        }
    }
}
