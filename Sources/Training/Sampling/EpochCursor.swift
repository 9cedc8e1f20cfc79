/// The resumable position of a batch sampler, with the current epoch's batches cached (moved by
/// `BatchSampling.next()` and `restore(_:)`).
public struct EpochCursor: Sendable {
    private(set) var position = SamplerPosition()
    private var cachedEpoch: Int?
    private var cached: [[Int]] = []

    /// The start of epoch 0.
    public init() {}

    /// The batch at the position (advancing it), or nil at the end of the epoch (moving to the next one).
    mutating func next(_ batches: (Int) -> [[Int]]) -> [Int]? {
        load(position.epoch, batches)
        guard position.batch < cached.count else {
            position = SamplerPosition(epoch: position.epoch + 1, batch: 0)
            return nil
        }
        position.batch += 1
        return cached[position.batch - 1]
    }

    /// Moves to `target` after checking that it lies within its epoch (`batch` may equal the epoch's batch
    /// count: the epoch is done and the next `next()` returns nil).
    mutating func restore(_ target: SamplerPosition, _ batches: (Int) -> [[Int]]) throws {
        guard target.epoch >= 0, target.batch >= 0 else { throw SamplerError.invalidPosition(target, batches: 0) }
        load(target.epoch, batches)
        guard target.batch <= cached.count else { throw SamplerError.invalidPosition(target, batches: cached.count) }
        position = target
    }

    private mutating func load(_ epoch: Int, _ batches: (Int) -> [[Int]]) {
        if cachedEpoch != epoch {
            cached = batches(epoch)
            cachedEpoch = epoch
        }
    }
}
