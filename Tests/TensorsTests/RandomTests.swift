import Testing
@testable import Tensors

/// The project's seeded generators give the same streams as their references (and the Python split).
@Suite struct RandomTests {
    @Test func splitMix64MatchesTheReferenceAndThePythonSplit() {
        var g = SplitMix64(seed: 0)
        #expect([g.next(), g.next(), g.next()] == [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f])
        // the same values scripts/build_legal_zh.py's SplitMix64 gives (it splits legal-zh with it)
        var s42 = SplitMix64(seed: 42)
        #expect(s42.permutation(10) == [0, 9, 5, 8, 6, 4, 7, 2, 1, 3])
        var s7 = SplitMix64(seed: 7)
        #expect(Array(s7.permutation(100).prefix(20)) == [14, 62, 24, 42, 17, 5, 4, 64, 97, 46, 80, 82, 54, 43, 36, 37, 90, 83, 57, 71])
        var b = SplitMix64(seed: 1)
        for bound in [1, 2, 3, 7, 1000] as [UInt64] { for _ in 0..<100 { #expect(b.next(below: bound) < bound) } }
    }



    @Test func xoshiroMatchesReferenceStream() {
        var g = Xoshiro256StarStar(seed: 0)
        #expect(g.next() == 0x99ec_5f36_cb75_f2b4)
        #expect(g.next() == 0xbf6e_1f78_4956_452a)
        #expect(g.next() == 0x1a5f_849d_4933_e6e0)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var g = Xoshiro256StarStar(seed: 3, stream: 1)
        var seen = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 {
            let x = g.next(below: 7)
            #expect(x < 7)
            seen[Int(x)] += 1
        }
        #expect(seen.allSatisfy { $0 > 850 && $0 < 1150 })
    }
}
