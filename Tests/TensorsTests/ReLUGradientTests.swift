import Testing
@testable import Tensors
import TestSupport

/// `relu` against finite differences and against its definition.
@Suite struct ReLUGradientTests {
    var random = SplitMix64(seed: 11)

    @Test mutating func gradientMatchesFiniteDifferences() {
        // keep elements away from the kink at 0, where the finite difference straddles both sides
        let x = random.tensor([4, 6], -2, 2)
        for i in 0..<x.count where abs(x.data[i]) < 0.05 { x.mutableData[i] = 0.5 }
        checkGradients([x], eps: 1e-3) { $0[0].relu() }
        checkGradients([x], eps: 1e-3) { ($0[0] * 2 - 0.3).relu() * $0[0] }
    }

    @Test func valuesAndGradientAtTheKink() {
        let x = Tensor(shape: [5], scalars: [-1.5, -0, 0, 0.25, 3]).asParameter()  // [5]
        let y = x.relu()                                                             // [5]
        #expect(y.scalars == [0, 0, 0, 0.25, 3])
        let g = y.sum().backward()[x]!                                               // [5]
        #expect(g.scalars == [0, 0, 0, 1, 1])
    }
}
