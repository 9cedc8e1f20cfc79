import Tensors
import Datasets
/// Batches in which no text occurs twice, so that every other row's texts are true in-batch negatives for
/// `MultipleNegativesRankingLoss`: sentence-transformers' `NoDuplicatesBatchSampler`.
///
/// The algorithm is sentence-transformers' (v3): take the epoch's shuffled order; to fill a batch, walk the
/// rows not yet used, in order, and take each one none of whose texts is already in the batch, until the
/// batch is full; rows skipped stay for later batches. When a walk reaches the end before the batch is full
/// (only rows that clash are left), the short batch is yielded unless `dropLast` (its rows are used up either
/// way), so the last few batches of an epoch can be smaller than `batchSize`.
///
/// Differences from sentence-transformers, all deliberate:
/// - the shuffle is `BatchSampler`'s portable SplitMix64 permutation (epoch `e` seeded `seed ^ e·const`), not
///   `torch.randperm` seeded `seed + epoch`, so the orders differ while the batching rule is the same;
/// - only the text columns are compared, as exact strings; the label is never a "duplicate" (sentence-
///   transformers compares `str()` of every column not declared a label column);
/// - texts are interned to integers once at construction, so a batch check is a set lookup per text.
public struct NoDuplicatesBatchSampler: BatchSampling {
    public let count: Int
    public let batchSize: Int
    public let seed: UInt64
    /// True: short batches (see above) are left out.
    public let dropLast: Bool
    /// Each row's distinct texts as interned ids.
    private let rowTexts: [[Int32]]
    public var cursor = EpochCursor()

    /// A sampler over `dataset`'s rows, comparing all its text columns.
    ///
    /// - Precondition: `batchSize > 0`.
    public init(dataset: PairDataset, batchSize: Int, seed: UInt64 = 0, dropLast: Bool = false) {
        self.init(rows: (0..<dataset.count).map { dataset[$0] }, batchSize: batchSize, seed: seed, dropLast: dropLast)
    }

    /// A sampler over rows given as their texts (`rows[i]` = the texts of row i).
    ///
    /// - Precondition: `batchSize > 0`.
    public init(rows: [[String]], batchSize: Int, seed: UInt64 = 0, dropLast: Bool = false) {
        precondition(batchSize > 0, "batchSize must be positive")
        var ids: [String: Int32] = [:]
        rowTexts = rows.map { texts in
            var seen: [Int32] = []
            for text in texts {
                let next = Int32(ids.count)
                let id = ids[text] ?? { ids[text] = next; return next }()
                if !seen.contains(id) { seen.append(id) }
            }
            return seen
        }
        count = rows.count
        self.batchSize = batchSize
        self.seed = seed
        self.dropLast = dropLast
    }

    /// The rows of `epoch` in shuffled order, before batching (the same order `BatchSampler` uses).  // [count]
    public func order(epoch: Int) -> [Int] {
        var rng = BatchSampler.generator(seed: seed, epoch: epoch)
        return rng.permutation(count)
    }

    public func batches(epoch: Int) -> [[Int]] {
        let order = order(epoch: epoch)
        var used = [Bool](repeating: false, count: order.count)
        var firstUnused = 0, left = order.count
        var batches: [[Int]] = []
        var inBatch = Set<Int32>()
        while left > 0 {
            var batch: [Int] = []          // positions in `order`
            inBatch.removeAll(keepingCapacity: true)
            var p = firstUnused
            while p < order.count, batch.count < batchSize {
                if !used[p] {
                    let texts = rowTexts[order[p]]
                    if !texts.contains(where: inBatch.contains) {
                        batch.append(p)
                        inBatch.formUnion(texts)
                    }
                }
                p += 1
            }
            if batch.count == batchSize || !dropLast { batches.append(batch.map { order[$0] }) }
            for q in batch { used[q] = true }
            left -= batch.count
            while firstUnused < order.count, used[firstUnused] { firstUnused += 1 }
        }
        return batches
    }
}
