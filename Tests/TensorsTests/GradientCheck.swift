import Foundation
import Testing
@testable import Tensors

/// Deterministic pseudo-random numbers for tests (splitmix64).
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Float = -1, _ hi: Float = 1) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }
    mutating func tensor(_ shape: [Int], _ lo: Float = -1, _ hi: Float = 1, parameter: Bool = true) -> Tensor {
        let t = Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in uniform(lo, hi) })
        return parameter ? t.asParameter() : t
    }
}

/// Compares autodiff gradients with central finite differences of `sum(f(inputs) · R)`.
///
/// The projection R makes every output element matter. Differences are taken in Float32, so the
/// tolerance is relative to the gradient's scale.
func checkGradients(
    _ inputs: [Tensor], eps: Float = 1e-2, tolerance: Float = 2e-2, sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) -> Tensor
) {
    var random = TestRandom(seed: 99)
    let probe = f(inputs)
    let r = Tensor(shape: probe.shape, scalars: (0..<probe.count).map { _ in random.uniform() })
    func loss() -> Double {
        let y = GradMode.withoutGradients { f(inputs) }
        return zip(y.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    let grads = (f(inputs) * r).sum().backward()
    for (which, x) in inputs.enumerated() where x.requiresGrad {
        guard let g = grads[x] else {
            Issue.record("no gradient for input \(which)", sourceLocation: sourceLocation)
            continue
        }
        #expect(g.shape == x.shape, sourceLocation: sourceLocation)
        let scale = max(1e-3, g.scalars.map(abs).max() ?? 0)
        var worst: Float = 0
        for i in 0..<x.count {
            let saved = x.mutableData[i]
            x.mutableData[i] = saved + eps
            let up = loss()
            x.mutableData[i] = saved - eps
            let down = loss()
            x.mutableData[i] = saved
            let numeric = Float((up - down) / Double(2 * eps))
            worst = max(worst, abs(numeric - g.data[i]) / scale)
        }
        #expect(worst < tolerance, "input \(which): worst relative gradient error \(worst)", sourceLocation: sourceLocation)
    }
}
