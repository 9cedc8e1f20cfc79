import Testing
@testable import Tensors
import TestSupport

/// `pairwiseCosineSimilarity` against finite differences and against the similarity matrix's diagonal.
@Suite struct PairwiseCosineGradientTests {
    var random = SplitMix64(seed: 13)

    @Test mutating func gradientMatchesFiniteDifferences() {
        let a = random.tensor([5, 7]), b = random.tensor([5, 7])
        checkGradients([a, b], eps: 1e-3) { Tensor.pairwiseCosineSimilarity($0[0], $0[1]) }
        checkGradients([a], eps: 1e-3) { Tensor.pairwiseCosineSimilarity($0[0], $0[0] * 2 + 0.1) }
    }

    @Test mutating func equalsTheDiagonalOfTheSimilarityMatrix() {
        let a = random.tensor([6, 4], parameter: false), b = random.tensor([6, 4], parameter: false)
        let rows = Tensor.pairwiseCosineSimilarity(a, b)                         // [6]
        let matrix = Tensor.cosineSimilarityMatrix(a, b)                         // [6, 6]
        #expect(rows.shape == [6])
        for i in 0..<6 { #expect(abs(rows.data[i] - matrix.data[i * 6 + i]) < 1e-6) }
    }
}
