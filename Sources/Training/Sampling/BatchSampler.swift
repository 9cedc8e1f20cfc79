import Tensors
import Datasets
/// Seeded shuffling into fixed-size batches, epoch by epoch, resumable: sentence-transformers'
/// default batch sampler (a shuffled `torch.utils.data.BatchSampler`, `drop_last=False`).
///
/// Epoch `e`'s order is a Fisher-Yates permutation of `0..<count` drawn from
/// `SplitMix64(seed: seed ^ (e · 0xD1B54A32D192ED03))` (epoch 0 uses `seed` itself), so it depends on nothing
/// but (seed, epoch) and is identical on every machine. sentence-transformers seeds torch with `seed + epoch`;
/// the orders differ from its (torch's generator is not reproduced), the batching does not.
///
/// ```swift
/// var sampler = BatchSampler(count: data.count, batchSize: 32, seed: 42)
/// while let rows = sampler.next() { … }       // one epoch; the next call starts epoch 1
/// ```
public struct BatchSampler: BatchSampling {
    public let count: Int
    public let batchSize: Int
    public let seed: UInt64
    /// False: every epoch is `0..<count` in order.
    public let shuffle: Bool
    /// True: an epoch's last batch is left out when it is smaller than `batchSize`.
    public let dropLast: Bool
    public var cursor = EpochCursor()

    /// - Precondition: `count >= 0`, `batchSize > 0`.
    public init(count: Int, batchSize: Int, seed: UInt64 = 0, shuffle: Bool = true, dropLast: Bool = false) {
        precondition(count >= 0, "count must not be negative")
        precondition(batchSize > 0, "batchSize must be positive")
        self.count = count
        self.batchSize = batchSize
        self.seed = seed
        self.shuffle = shuffle
        self.dropLast = dropLast
    }

    /// A sampler over the rows of `dataset`.
    public init(dataset: PairDataset, batchSize: Int, seed: UInt64 = 0, shuffle: Bool = true, dropLast: Bool = false) {
        self.init(count: dataset.count, batchSize: batchSize, seed: seed, shuffle: shuffle, dropLast: dropLast)
    }

    /// The generator for `epoch`'s order (shared with `NoDuplicatesBatchSampler`).
    static func generator(seed: UInt64, epoch: Int) -> SplitMix64 {
        SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: epoch) &* 0xD1B5_4A32_D192_ED03))
    }

    /// The rows of `epoch` in the order they are batched.  // [count]
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<count) }
        var rng = Self.generator(seed: seed, epoch: epoch)
        return rng.permutation(count)
    }

    public func batches(epoch: Int) -> [[Int]] {
        let order = order(epoch: epoch)
        var batches: [[Int]] = []
        batches.reserveCapacity((count + batchSize - 1) / batchSize)
        var start = 0
        while start < order.count {
            let end = min(start + batchSize, order.count)
            if end - start == batchSize || !dropLast { batches.append(Array(order[start..<end])) }
            start = end
        }
        return batches
    }
}
