import Foundation
import Testing
@testable import Tensors
import TestSupport

/// Compares autodiff gradients with central finite differences of `sum(f(inputs) · R)`.
///
/// The projection R makes every output element matter. Differences are taken in Float32, so the
/// tolerance is relative to the gradient's scale.
func checkGradients(
    _ inputs: [Tensor], eps: Float = 1e-2, tolerance: Float = 2e-2, sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) -> Tensor
) {
    var random = SplitMix64(seed: 99)
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
