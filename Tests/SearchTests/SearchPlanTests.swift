import Foundation
import Search
import Tensors
import Testing
import TestSupport

/// Coarse-to-fine search against the exact oracle, and the plans an index cannot honour refused with the reason.
@Suite struct SearchPlanTests {
    let f = SearchFixture.shared

    @Test func flatSearchIsTheExactDoubleRanking() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let hits = try index.search(f.queryTensor, plan: SearchPlan(k: 25))
        for q in 0..<f.queryCount { #expect(hits[q].map(\.position) == f.exactRanking(query: q, k: 25)) }
    }

    @Test(arguments: ShortlistPrecision.allCases)
    func aShortlistOfTheWholeCorpusRerankedIsExactSearch(precision: ShortlistPrecision) throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let exact = try index.search(f.queryTensor, plan: SearchPlan(k: 10))
        let plan = SearchPlan(k: 10, shortlist: .init(dim: 16, precision: precision, k: f.count))
        let hits = try index.search(f.queryTensor, plan: plan)
        for q in 0..<f.queryCount {
            #expect(hits[q].map(\.position) == exact[q].map(\.position))
            #expect(zip(hits[q], exact[q]).allSatisfy { $0.score == $1.score && $0.stage == .rerank })
        }
        // one query at a time (corpus split across threads) agrees with the batch
        #expect(try index.search(f.query(4), plan: plan)[0] == hits[4])
    }

    @Test func shortlistsFindMoreOfTheExactTopTenWithALongerShortlistAndBinaryLeastOfAll() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder)
        let exact = try index.search(f.queryTensor, plan: SearchPlan(k: 10))
        var recalls: [ShortlistPrecision: [Int: Double]] = [:]
        for precision in ShortlistPrecision.allCases {
            for dim in [16, 48] {
                let short = IndexRetrieval.recall(try index.search(f.queryTensor, plan: .init(k: 10, shortlist: .init(dim: dim, precision: precision, k: 20))), exact: exact)
                let long = IndexRetrieval.recall(try index.search(f.queryTensor, plan: .init(k: 10, shortlist: .init(dim: dim, precision: precision, k: 150))), exact: exact)
                // float32 and int8 at full width order the corpus (almost) as exactly: 20 candidates are enough
                if dim == 48 && (precision == .float32 || precision == .int8) { #expect(short == 1, "\(precision) \(dim)") } else {
                    #expect(short < long && long > 0.5, "\(precision) \(dim): \(short) → \(long)")
                }
                recalls[precision, default: [:]][dim] = short
            }
        }
        // fewer bits per coordinate lose more: one bit loses most; half a byte is about as good as a byte here
        for dim in [16, 48] {
            #expect(recalls[.binary]![dim]! < recalls[.int4]![dim]! && recalls[.int4]![dim]! <= recalls[.int8]![dim]! + 0.02, "\(dim): \(recalls)")
        }
        // at full width the float32 shortlist is the full vectors: its order is already exact
        let full = try index.search(f.queryTensor, plan: .init(k: 10, shortlist: .init(dim: 48, precision: .float32, k: 10), rerank: false))
        #expect(full.map { $0.map(\.position) } == exact.map { $0.map(\.position) })
        #expect(full[0][0].stage == .shortlist)
    }

    @Test func plansTheIndexCannotHonourAreRefused() throws {
        let folder = try TemporaryFolder()
        let index = try f.index(in: folder, dims: [16], precisions: [.float32, .binary])
        let wider = SearchPlan(k: 10, shortlist: .init(dim: 64, precision: .float32, k: 100))
        #expect { try index.search(f.queryTensor, plan: wider) } throws: {
            "\($0)".contains("shortlist width 64 is larger than the model's width 48")
        }
        let notStored = SearchPlan(k: 10, shortlist: .init(dim: 32, precision: .float32, k: 100))
        #expect { try index.search(f.queryTensor, plan: notStored) } throws: {
            "\($0)".contains("stores no 32-d none shortlist; it stores: 16 none, 16 binary")
        }
        let int8 = SearchPlan(k: 10, shortlist: .init(dim: 16, precision: .int8, k: 100))
        #expect { try index.search(f.queryTensor, plan: int8) } throws: { "\($0)".contains("stores no 16-d int8 shortlist") }
        let short = SearchPlan(k: 10, shortlist: .init(dim: 16, precision: .float32, k: 5))
        #expect(throws: SearchError.invalidPlan("the shortlist keeps 5 candidates (--shortlist-k), fewer than the 10 results asked for (--k): give --shortlist-k ≥ 10")) {
            try index.search(f.queryTensor, plan: short)
        }
        #expect { try index.search(f.queryTensor, plan: SearchPlan(k: 0)) } throws: { "\($0)".contains("k must be at least 1") }
        #expect { try index.search(Tensor(shape: [1, 32]), plan: SearchPlan()) } throws: { "\($0)".contains("this index holds 48-d vectors") }
    }
}
