import Foundation
import Tensors

/// Sums every rank's gradients in rank order, so that all ranks step with the same sums and the sums do not
/// depend on the MPI library's choice of reduction algorithm.
///
/// Dense gradients are laid end to end (in parameter order) and exchanged in buckets of `bucketFloats`: each bucket
/// is cut into one block per rank; an all-to-all sends block r of every rank to rank r, which sums the copies in
/// rank order (g₀ + g₁ + … , the order gradient accumulation adds micro-batches in); an all-gather hands the summed
/// blocks to everyone. That is the reduce-scatter + all-gather form of an all-reduce, so each rank sends and
/// receives 2(N−1)/N of the gradient, as a ring all-reduce does. Row gradients (embedding lookups) are gathered and
/// concatenated in rank order, as `GradientAccumulator` concatenates micro-batches' (one row per token, repeats
/// included: summing a rank's repeats first would send less but change the order the optimizer sums them in). A parameter that is dense on
/// one rank and rows or absent on another is made dense everywhere.
public struct GradientExchange {
    public let group: any DataParallelGroup
    /// Floats per bucket: 8 Mi (32 MiB), the order of PyTorch DDP's 25 MB buckets; bounds the exchange's buffers.
    public var bucketFloats: Int

    public init(group: any DataParallelGroup, bucketFloats: Int = 8 << 20) {
        precondition(bucketFloats >= 1, "GradientExchange needs buckets of at least one float")
        self.group = group
        self.bucketFloats = bucketFloats
    }

    /// The sum over ranks of `gradients` (aligned to `parameters`), the same on every rank.
    public func sum(_ gradients: [Gradient?], parameters: [Tensor]) throws -> [Gradient?] {
        let ranks = group.size
        // what each rank has for each parameter: -1 nothing, -2 dense, n ≥ 0 a row gradient of n rows
        let mine: [Int64] = gradients.map { g in
            switch g {
            case nil: -1
            case .dense: -2
            case .rows(let indices, _, _): Int64(indices.count)
            }
        }
        let kinds = try group.allGather(bytes: Self.bytes(mine)).map { Self.integers($0, count: mine.count) }   // [N][P]
        var out = [Gradient?](repeating: nil, count: parameters.count)
        var dense: [(index: Int, gradient: Tensor)] = []
        for i in parameters.indices {
            let column = kinds.map { $0[i] }
            if column.contains(-2) {
                dense.append((i, gradients[i]?.densified() ?? Tensor(shape: parameters[i].shape)))
            } else if column.contains(where: { $0 >= 0 }) {
                out[i] = try gatheredRows(gradients[i], counts: column.map { max(Int($0), 0) }, shape: parameters[i].shape)
            }
        }
        let sums = dense.map { Tensor(uninitializedShape: $0.gradient.shape) }             // every element is written below
        try sumDense(dense.map(\.gradient), into: sums, ranks: ranks)
        for (d, sum) in zip(dense, sums) { out[d.index] = .dense(sum) }
        return out
    }

    /// Sums `gradients` over the ranks into `sums` (same shapes), bucket by bucket.
    private func sumDense(_ gradients: [Tensor], into sums: [Tensor], ranks: Int) throws {
        let total = gradients.reduce(0) { $0 + $1.count }
        guard total > 0 else { return }
        let bucket = min(bucketFloats, total)
        let blockCapacity = (bucket + ranks - 1) / ranks
        // filled whole by the copies, the collectives and the sums: no pass to zero them first
        let outgoing = Tensor(uninitializedShape: [ranks * blockCapacity])                                      // [N, block]
        let incoming = Tensor(uninitializedShape: [ranks * blockCapacity])                                      // [N, block]
        let summed = Tensor(uninitializedShape: [blockCapacity])                                                 // [block]
        var start = 0
        while start < total {
            let n = min(bucket, total - start)
            let block = (n + ranks - 1) / ranks
            Self.copy(gradients, range: start..<(start + n), into: outgoing.mutableData)
            (outgoing.mutableData + n).update(repeating: 0, count: ranks * block - n)
            try group.allToAll(outgoing.data, count: block, into: incoming.mutableData)
            FusedUpdate.sumInOrder(blocks: incoming.data, count: ranks, length: block, into: summed.mutableData)
            try group.allGather(summed.data, count: block, into: outgoing.mutableData)
            Self.copy(from: outgoing.data, range: start..<(start + n), into: sums)
            start += n
        }
    }

    /// Every rank's row gradient of one parameter (`counts[r]` rows on rank r), concatenated in rank order.
    private func gatheredRows(_ gradient: Gradient?, counts: [Int], shape: [Int]) throws -> Gradient {
        let cols = shape.last ?? 1
        let most = counts.max() ?? 0
        var indices = [Int32](repeating: 0, count: most)
        let values = Tensor(shape: [most * cols])                                        // [n_max·C]
        if case .rows(let ids, let v, _) = gradient {
            indices.replaceSubrange(0..<ids.count, with: ids)
            values.mutableData.update(from: v.data, count: v.count)
        }
        let allIndices = try group.allGather(bytes: indices.withUnsafeBytes { Array($0) })
        let allValues = Tensor(shape: [counts.count * most * cols])                     // [N, n_max·C]
        try group.allGather(values.data, count: most * cols, into: allValues.mutableData)
        let rows = counts.reduce(0, +)
        let stacked = Tensor(shape: [rows, cols])                                       // [Σn, C]
        var joined: [Int32] = []
        joined.reserveCapacity(rows)
        var at = 0
        for (r, n) in counts.enumerated() {
            joined += Self.integers32(allIndices[r], count: n)
            (stacked.mutableData + at * cols).update(from: allValues.data + r * most * cols, count: n * cols)
            at += n
        }
        return .rows(indices: joined, values: stacked, shape: shape)
    }

    /// Copies positions `range` of the tensors laid end to end into `target`.
    private static func copy(_ tensors: [Tensor], range: Range<Int>, into target: UnsafeMutablePointer<Float>) {
        var offset = 0
        for t in tensors {
            let lo = max(range.lowerBound, offset), hi = min(range.upperBound, offset + t.count)
            if lo < hi { (target + (lo - range.lowerBound)).update(from: t.data + (lo - offset), count: hi - lo) }
            offset += t.count
            if offset >= range.upperBound { break }
        }
    }

    /// Copies `source` (positions `range` of the tensors laid end to end) into those tensors.
    private static func copy(from source: UnsafePointer<Float>, range: Range<Int>, into tensors: [Tensor]) {
        var offset = 0
        for t in tensors {
            let lo = max(range.lowerBound, offset), hi = min(range.upperBound, offset + t.count)
            if lo < hi { (t.mutableData + (lo - offset)).update(from: source + (lo - range.lowerBound), count: hi - lo) }
            offset += t.count
            if offset >= range.upperBound { break }
        }
    }

    static func bytes(_ values: [Int64]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    static func integers(_ bytes: [UInt8], count: Int) -> [Int64] {
        bytes.withUnsafeBytes { Array($0.bindMemory(to: Int64.self).prefix(count)) }
    }

    private static func integers32(_ bytes: [UInt8], count: Int) -> [Int32] {
        bytes.withUnsafeBytes { Array($0.bindMemory(to: Int32.self).prefix(count)) }
    }
}
