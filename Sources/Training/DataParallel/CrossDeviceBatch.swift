import Tensors

/// This rank's place in a global batch spread over the ranks of a data-parallel job, for losses whose in-batch
/// negatives should span the global batch (sentence-transformers' `gather_across_devices`, FlagEmbedding's
/// `negatives_cross_device`).
///
/// `gatherRows` stacks every rank's rows of an embedding column into the global column; its backward pass
/// returns to each rank the sum, in rank order, of every rank's gradient of that rank's rows, so the loss each
/// rank computes on its own anchors against all candidates trains every rank's encoder. Losses and backward
/// closures cannot throw: a failed collective is kept in `failure` (the result is then of the right shape but meaningless) and the
/// trainer throws it once the pass is over.
public final class CrossDeviceBatch {
    let group: any DataParallelGroup
    /// How the global batch is split.
    public let shards: BatchShards
    /// The first collective that failed during this batch's forward or backward pass.
    public private(set) var failure: DataParallelError?

    init(group: any DataParallelGroup, shards: BatchShards) {
        self.group = group
        self.shards = shards
    }

    /// Where this rank's rows start in the gathered column.
    public var offset: Int { shards.range(of: group.rank).lowerBound }

    /// Every rank's rows of `x` [b, D] stacked in rank order → [B, D], gradients flowing back to each rank's rows.
    public func gatherRows(_ x: Tensor) -> Tensor {
        let (rank, ranks) = (group.rank, group.size)
        let width = x.shape[1]
        let counts = shards.counts
        precondition(x.shape[0] == counts[rank], "gatherRows: \(x.shape[0]) rows on rank \(rank), the shard has \(counts[rank])")
        let block = (counts.max() ?? 0) * width
        let out = Tensor(uninitializedShape: [shards.total, width])                       // [B, D]
        let send = Tensor(shape: [block])                                                // [b_max·D], zero-padded
        let received = Tensor(uninitializedShape: [ranks * block])                       // [N, b_max·D]
        send.mutableData.update(from: x.data, count: x.count)
        collective { try group.allGather(send.data, count: block, into: received.mutableData) }
        for r in 0..<ranks {
            (out.mutableData + shards.range(of: r).lowerBound * width).update(from: received.data + r * block, count: counts[r] * width)
        }
        return Tensor.recorded(out, inputs: [x]) { [self] g in                        // g: [B, D]
            let outgoing = Tensor(shape: [ranks * block])                               // [N, b_max·D], zero-padded
            let incoming = Tensor(uninitializedShape: [ranks * block])                  // [N, b_max·D]
            for r in 0..<ranks {
                (outgoing.mutableData + r * block).update(from: g.data + shards.range(of: r).lowerBound * width, count: counts[r] * width)
            }
            collective { try group.allToAll(outgoing.data, count: block, into: incoming.mutableData) }
            let summed = Tensor(uninitializedShape: [block])                              // [b_max·D]
            FusedUpdate.sumInOrder(blocks: incoming.data, count: ranks, length: block, into: summed.mutableData)
            let mine = Tensor(uninitializedShape: x.shape)                                // [b, D]
            mine.mutableData.update(from: summed.data, count: x.count)
            return [mine]
        }
    }

    private func collective(_ body: () throws -> Void) {
        guard failure == nil else { return }
        do { try body() } catch let error as DataParallelError { failure = error } catch { failure = .collectiveFailed("\(error)") }
    }
}
