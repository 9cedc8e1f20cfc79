/// A seeded, resumable source of batches (row indices into a data set), epoch after epoch.
///
/// Each epoch's batches are a pure function of (seed, epoch), so a run can be reproduced and resumed:
///
/// ```swift
/// var sampler = BatchSampler(count: data.count, batchSize: 32, seed: 42)
/// try sampler.restore(saved)                       // optional: continue a run
/// for _ in sampler.position.epoch..<epochs {
///     while let rows = sampler.next() {            // nil once at the end of each epoch
///         train(data.batch(rows))
///         checkpoint(sampler.position)
///     }
/// }
/// ```
public protocol BatchSampling: Sendable {
    /// The number of rows sampled from.
    var count: Int { get }
    /// The largest batch (the last ones of an epoch can be smaller unless `dropLast`).
    var batchSize: Int { get }
    /// Every batch of `epoch`, in order (a pure function of the seed and `epoch`).
    func batches(epoch: Int) -> [[Int]]

    /// Where the sampler is, with the current epoch's batches: what `next()` and `restore(_:)` move.
    var cursor: EpochCursor { get set }
}

extension BatchSampling {
    /// Where `next()` continues from.
    public var position: SamplerPosition { cursor.position }

    /// The next batch of the current epoch, or nil when the epoch is done; after the nil the position is the
    /// start of the next epoch, so the next call begins it.
    public mutating func next() -> [Int]? {
        let sampler = self
        return cursor.next { sampler.batches(epoch: $0) }
    }

    /// Continues from a saved `position`, checking it lies within its epoch.
    public mutating func restore(_ position: SamplerPosition) throws {
        let sampler = self
        try cursor.restore(position) { sampler.batches(epoch: $0) }
    }
}
