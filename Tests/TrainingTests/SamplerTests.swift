import Datasets
import Foundation
import Testing
@testable import Training

/// The batch samplers: seeded, resumable, and NO_DUPLICATES as sentence-transformers samples it.
@Suite struct SamplerTests {
    @Test func batchSamplerIsSeededAndCoversEveryRowOncePerEpoch() {
        let a = BatchSampler(count: 10, batchSize: 4, seed: 42)
        let b = BatchSampler(count: 10, batchSize: 4, seed: 42)
        #expect(a.batches(epoch: 0) == b.batches(epoch: 0))
        #expect(a.batches(epoch: 3) == b.batches(epoch: 3))
        #expect(a.batches(epoch: 0).map(\.count) == [4, 4, 2])          // drop_last false by default
        #expect(a.batches(epoch: 0).flatMap { $0 } == [0, 9, 5, 8, 6, 4, 7, 2, 1, 3])   // epoch 0 = the seed's permutation
        #expect(a.batches(epoch: 0) != a.batches(epoch: 1))               // a new order every epoch
        #expect(a.batches(epoch: 0) != BatchSampler(count: 10, batchSize: 4, seed: 43).batches(epoch: 0))
        for epoch in 0..<5 { #expect(a.batches(epoch: epoch).flatMap { $0 }.sorted() == Array(0..<10)) }
        let dropping = BatchSampler(count: 10, batchSize: 4, seed: 42, dropLast: true)
        #expect(dropping.batches(epoch: 0) == Array(a.batches(epoch: 0).prefix(2)))
        #expect(BatchSampler(count: 5, batchSize: 2, shuffle: false).batches(epoch: 7) == [[0, 1], [2, 3], [4]])
        #expect(BatchSampler(count: 0, batchSize: 2).batches(epoch: 0).isEmpty)
    }

    @Test func nextWalksTheEpochsAndReturnsNilBetweenThem() {
        var s = BatchSampler(count: 5, batchSize: 2, seed: 3)
        var epoch0: [[Int]] = []
        while let batch = s.next() { epoch0.append(batch) }
        #expect(epoch0 == s.batches(epoch: 0))
        #expect(s.position == SamplerPosition(epoch: 1, batch: 0))
        #expect(s.next() == s.batches(epoch: 1)[0])
        #expect(s.position == SamplerPosition(epoch: 1, batch: 1))
    }

    /// Rows whose texts repeat a lot: many rows share an anchor or a positive.
    static func clashingRows(_ n: Int) -> [[String]] {
        (0..<n).map { i in ["anchor \(i % 7)", "positive \(i % 11)", i % 5 == 0 ? "anchor \(i % 3)" : "negative \(i)"] }
    }

    @Test func noDuplicatesBatchesHoldEachTextOnce() throws {
        let rows = Self.clashingRows(200)
        let sampler = NoDuplicatesBatchSampler(rows: rows, batchSize: 6, seed: 42)
        for epoch in 0..<3 {
            let batches = sampler.batches(epoch: epoch)
            #expect(batches.flatMap { $0 }.sorted() == Array(0..<200))     // every row once (drop_last false)
            for batch in batches {
                #expect(batch.count <= 6)
                var seen = Set<String>()
                for row in batch {
                    let texts = Set(rows[row])
                    #expect(seen.isDisjoint(with: texts), "epoch \(epoch): a text repeats in \(batch)")
                    seen.formUnion(texts)
                }
            }
            // a batch is short only when every row left for later batches clashes with it
            for (k, batch) in batches.enumerated() where batch.count < 6 {
                let texts = Set(batch.flatMap { rows[$0] })
                let later = batches[(k + 1)...].flatMap { $0 }
                #expect(later.allSatisfy { !texts.isDisjoint(with: rows[$0]) }, "epoch \(epoch): batch \(k) is short")
            }
            #expect(batches.filter { $0.count == 6 }.count >= 20)
        }
        #expect(sampler.batches(epoch: 1) == NoDuplicatesBatchSampler(rows: rows, batchSize: 6, seed: 42).batches(epoch: 1))
        #expect(sampler.batches(epoch: 0) != sampler.batches(epoch: 1))
        // dropLast leaves out exactly the short batches
        let dropping = NoDuplicatesBatchSampler(rows: rows, batchSize: 6, seed: 42, dropLast: true)
        #expect(dropping.batches(epoch: 0) == sampler.batches(epoch: 0).filter { $0.count == 6 })
        // from a data set: all its text columns are compared, not the label
        let d = try PairDataset(columns: ["a", "b"], texts: [["x", "x", "y"], ["p", "q", "r"]], labelColumn: "score", labels: [1, 1, 1])
        let fromDataset = NoDuplicatesBatchSampler(dataset: d, batchSize: 2, seed: 0)
        for batch in fromDataset.batches(epoch: 0) { #expect(!(batch.contains(0) && batch.contains(1))) }
    }

    /// sentence-transformers' `NoDuplicatesBatchSampler.__iter__`, transcribed (an ordered dict of remaining
    /// indices, a value set per batch), run on our shuffled order: the batches must be the same.
    static func referenceNoDuplicates(order: [Int], rows: [[String]], batchSize: Int, dropLast: Bool) -> [[Int]] {
        var remaining = order
        var out: [[Int]] = []
        while !remaining.isEmpty {
            var batchValues = Set<String>()
            var batch: [Int] = []
            var full = false
            for index in remaining {
                let values = Set(rows[index])
                if !values.isDisjoint(with: batchValues) { continue }
                batch.append(index)
                if batch.count == batchSize { out.append(batch); full = true; break }
                batchValues.formUnion(values)
            }
            if !full && !dropLast { out.append(batch) }
            let taken = Set(batch)
            remaining.removeAll { taken.contains($0) }
        }
        return out
    }

    @Test(arguments: [(5, false), (6, false), (6, true), (16, false)])
    func noDuplicatesFollowsSentenceTransformersAlgorithm(batchSize: Int, dropLast: Bool) {
        let rows = Self.clashingRows(150)
        let sampler = NoDuplicatesBatchSampler(rows: rows, batchSize: batchSize, seed: 9, dropLast: dropLast)
        for epoch in 0..<2 {
            let reference = Self.referenceNoDuplicates(order: sampler.order(epoch: epoch), rows: rows, batchSize: batchSize, dropLast: dropLast)
            #expect(sampler.batches(epoch: epoch) == reference)
        }
    }

    @Test func samplersResumeFromASavedPosition() throws {
        let rows = Self.clashingRows(50)
        let samplers: [any BatchSampling] = [
            BatchSampler(count: 50, batchSize: 8, seed: 11),
            NoDuplicatesBatchSampler(rows: rows, batchSize: 8, seed: 11),
        ]
        for fresh in samplers {
            // an uninterrupted run of 3 epochs (nil marks an epoch's end)
            var full = fresh
            var reference: [[Int]?] = []
            for _ in 0..<3 { repeat { reference.append(full.next()) } while reference.last! != nil }
            // the same run, stopped after k calls, the position saved as JSON, restored into a new sampler
            for k in [0, 1, 5, 7, 8, 9, 15, 20] where k < reference.count {
                var first = fresh
                for _ in 0..<k { _ = first.next() }
                let saved = try JSONEncoder().encode(first.position)
                var resumed = fresh
                try resumed.restore(try JSONDecoder().decode(SamplerPosition.self, from: saved))
                #expect(resumed.position == first.position)
                var rest: [[Int]?] = []
                while k + rest.count < reference.count { rest.append(resumed.next()) }
                #expect(rest == Array(reference[k...]), "\(type(of: fresh)) resumed after \(k) calls at \(first.position)")
            }
            // positions outside an epoch are refused
            var s = fresh
            let batches = s.batches(epoch: 2).count
            #expect(throws: SamplerError.invalidPosition(SamplerPosition(epoch: 2, batch: batches + 1), batches: batches)) {
                try s.restore(SamplerPosition(epoch: 2, batch: batches + 1))
            }
            #expect(throws: SamplerError.self) { try s.restore(SamplerPosition(epoch: -1, batch: 0)) }
            try s.restore(SamplerPosition(epoch: 2, batch: batches))         // the end of an epoch is valid
            #expect(s.next() == nil)
            #expect(s.position == SamplerPosition(epoch: 3, batch: 0))
        }
    }
}
