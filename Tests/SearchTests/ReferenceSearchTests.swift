import Foundation
@testable import Search
import Testing
import TestSupport

/// Search results pinned to FAISS (`IndexFlatIP`, `IndexBinaryFlat`) and the int8 calibration to
/// sentence-transformers' `quantize_embeddings`, on the committed fixture.
@Suite struct ReferenceSearchTests {
    let f = SearchFixture.shared

    @Test func flatSearchReturnsFAISSIndexFlatIPsTopTenWithItsScores() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let hits = try index.search(f.queryTensor, plan: SearchPlan(k: 10))
        for q in 0..<f.queryCount {
            #expect(hits[q].map(\.position) == f.flat_ids[q], "query \(q)")
            for (r, h) in hits[q].enumerated() {
                #expect(abs(h.score - Double(f.flat_scores[q * 10 + r])) < 2e-6)
                #expect(h.stage == .exact)
            }
        }
        // one query alone (the corpus split across threads) gives the same
        let one = try index.search(f.query(3), plan: SearchPlan(k: 10))
        #expect(one[0] == hits[3])
    }

    @Test func binaryShortlistHasFAISSIndexBinaryFlatsHammingDistances() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let stored = try #require(index.shortlist(dim: f.dim, precision: .binary))
        for (a, b) in zip(stored.threshold!, f.binary_threshold) { #expect(abs(a - b) <= 1e-7 * max(1, abs(b))) }
        // stage 1 alone: the 20 nearest codes, scored 1 − 2·distance/dim
        let plan = SearchPlan(k: 20, shortlist: .init(dim: f.dim, precision: .binary, k: 20), rerank: false)
        let hits = try index.search(f.queryTensor, plan: plan)
        for q in 0..<f.queryCount {
            let distances = hits[q].map { Int(((1 - $0.score) * Double(f.dim) / 2).rounded()) }
            #expect(distances == f.hamming[q], "query \(q)")
            #expect(hits[q].allSatisfy { $0.stage == .shortlist })
            // FAISS breaks ties by id as well, so the ids agree too
            #expect(hits[q].map(\.position) == f.hamming_ids[q], "query \(q)")
        }
    }

    @Test func int8CalibrationIsSentenceTransformersAndCodesRoundWhereItFloors() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let stored = try #require(index.shortlist(dim: f.dim, precision: .int8))
        // the index re-normalises the rows in Double: the ranges may differ from float32-normalised ones in the last bit
        for (a, b) in zip(stored.minimum!, f.int8_minimum) { #expect(abs(a - b) <= 1.2e-7 * abs(b)) }
        for (a, b) in zip(stored.step!, f.int8_step) { #expect(abs(a - b) <= 5e-7 * b) }
        // ST floors (x − start) / step; the index rounds, so each code is ST's or one more
        let codes = Array(UnsafeBufferPointer(start: index.rows(of: stored).assumingMemoryBound(to: UInt8.self), count: f.count * f.dim))
        #expect(codes.count == f.int8_codes.count)
        #expect(zip(codes, f.int8_codes).allSatisfy { Int($0) == $1 || Int($0) == $1 + 1 })
        #expect(zip(codes, f.int8_codes).contains { Int($0) == $1 + 1 })
    }
}
