/// Where a batch sampler is: the epoch and how many of that epoch's batches were already handed out.
///
/// Save it with a checkpoint (it is `Codable`) and pass it to `restore(_:)` on a sampler built with the same
/// data set, batch size and seed to continue with exactly the batch that would have come next.
public struct SamplerPosition: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The epoch, from 0; its order is a function of (seed, epoch) only.
    public var epoch: Int
    /// The number of this epoch's batches already returned by `next()`.
    public var batch: Int

    public init(epoch: Int = 0, batch: Int = 0) {
        self.epoch = epoch
        self.batch = batch
    }

    public var description: String { "epoch \(epoch), batch \(batch)" }
}
