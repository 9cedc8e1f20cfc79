import Foundation
import Testing
import TestSupport
import Tensors
@testable import Training

/// The trainer's data-parallel pieces with ranks as threads (`ThreadRanks`): the ordered gradient exchange and the
/// cross-device gather of in-batch negatives. The same code under a real mpirun is tested in WorkbenchTests.
@Suite struct DataParallelUnitTests {
    /// 3 ranks, buckets of 7 floats cutting across parameters: every rank ends with ((g₀ + g₁) + g₂) bit for bit
    /// for dense gradients (zeros where a rank has none), row gradients concatenated in rank order, and a
    /// parameter no rank has a gradient for stays without one.
    @Test func exchangeSumsInRankOrderOnEveryRank() throws {
        let parameters = [Tensor(shape: [5, 7]), Tensor(shape: [3]), Tensor(shape: [10, 4]), Tensor(shape: [2])]
        func gradients(rank: Int) -> [Gradient?] {
            var rng = SplitMix64(seed: 100 + UInt64(rank))
            let rows = [2, 0, 3][rank]
            return [.dense(rng.tensor([5, 7], parameter: false)),
                    rank == 1 ? nil : .dense(rng.tensor([3], parameter: false)),
                    rows == 0 ? nil : .rows(indices: (0..<rows).map { Int32(($0 * 3 + rank) % 10 / 2 * 2) },
                                            values: rng.tensor([rows, 4], parameter: false), shape: [10, 4]),
                    nil]
        }
        let sums = try ThreadRanks(3).run { member in
            try GradientExchange(group: member, bucketFloats: 7).sum(gradients(rank: member.rank), parameters: parameters)
        }
        let all = (0..<3).map(gradients(rank:))
        for i in 0..<2 {
            let count = parameters[i].count
            var expected = [Float](repeating: 0, count: count)
            for g in all { if let g = g[i] { expected = zip(expected, g.densified().scalars).map { $0 + $1 } } }
            for s in sums { #expect(s[i]?.densified().scalars == expected, "parameter \(i)") }
        }
        for s in sums {
            guard case .rows(let indices, let values, let shape) = s[2] else { Issue.record("rows expected, got \(String(describing: s[2]))"); continue }
            #expect(indices == [0, 2, 2, 4, 8] && shape == [10, 4])      // repeats stay: the optimizer sums them in order
            let parts = all.compactMap { g -> [Float]? in
                guard case .rows(_, let v, _)? = g[2] else { return nil }
                return v.scalars
            }
            #expect(values.scalars == parts.flatMap { $0 })
            #expect(s[3] == nil)
        }
    }

    /// `MultipleNegativesRankingLoss(gatherAcrossDevices: true)` over 2 ranks holding 3 and 4 of 7 rows (a hard-
    /// negative column, both directions): the ranks' losses weighted by their rows average to the loss of the whole
    /// batch in one process, and the gradients each rank gets for its rows are the whole batch's gradients of them.
    @Test(arguments: [false, true]) func gatheredNegativesGiveTheGlobalBatchLoss(symmetric: Bool) throws {
        var rng = SplitMix64(seed: 7)
        let columns = (0..<3).map { _ in rng.tensor([7, 16], parameter: false) }                 // anchor, positive, negative
        let loss = MultipleNegativesRankingLoss(temperature: 0.05, symmetric: symmetric, gatherAcrossDevices: true)
        let whole = columns.map { $0.asParameter() }
        let reference = loss(whole, labels: nil)
        let referenceGradients = reference.backward()
        let shards = BatchShards(total: 7, ranks: 2)

        let ranks = try ThreadRanks(2).run { member -> (loss: Double, gradients: [[Float]]) in
            let rows = shards.range(of: member.rank)
            let mine = columns.map { c in Tensor(shape: [rows.count, 16], scalars: Array(c.scalars[(rows.lowerBound * 16)..<(rows.upperBound * 16)])).asParameter() }
            let devices = CrossDeviceBatch(group: member, shards: shards)
            let value = loss(mine, labels: nil, devices: devices)
            let weight = shards.weight(of: member.rank)
            let gradients = (value * Float(weight)).backward()
            #expect(devices.failure == nil)
            return (Double(value.item) * weight, mine.map { gradients.gradient(of: $0)!.densified().scalars })
        }
        let total = ranks.reduce(0) { $0 + $1.loss }
        #expect(abs(total - Double(reference.item)) <= 1e-5 * Double(reference.item), "\(total) vs \(reference.item)")
        for c in 0..<3 {
            let expected = referenceGradients.gradient(of: whole[c])!.densified().scalars
            let gathered = ranks.flatMap { $0.gradients[c] }
            let worst = zip(gathered, expected).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-5, "column \(c): max |Δ| \(worst)")
        }
        // without the gather each rank's negatives are its own rows: another loss
        let alone = MultipleNegativesRankingLoss(temperature: 0.05, symmetric: symmetric)
        let local = try ThreadRanks(2).run { member -> Double in
            let rows = shards.range(of: member.rank)
            let mine = columns.map { c in Tensor(shape: [rows.count, 16], scalars: Array(c.scalars[(rows.lowerBound * 16)..<(rows.upperBound * 16)])) }
            return Double(alone(mine, labels: nil, devices: CrossDeviceBatch(group: member, shards: shards)).item) * shards.weight(of: member.rank)
        }
        #expect(abs(local.reduce(0, +) - Double(reference.item)) > 0.1)
    }

    @Test func shardsSplitTheBatchInRankOrder() {
        let shards = BatchShards(total: 7, ranks: 2)
        #expect(shards.range(of: 0) == 0..<3 && shards.range(of: 1) == 3..<7 && shards.counts == [3, 4])
        #expect(BatchShards(total: 8, ranks: 2).weight(of: 1) == 0.5)
        #expect(!BatchShards(total: 1, ranks: 2).everyRankHasRows && BatchShards(total: 2, ranks: 2).everyRankHasRows)
    }
}
