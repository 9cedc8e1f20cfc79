import Foundation
import Tensors

/// Measures the BLAS's sgemm speed on one shape.
enum SgemmProbe {
    /// Best GFLOP/s of 20 products of [m, k] · [k, n].
    static func gflops(m: Int, k: Int, n: Int) -> Double {
        let a = Tensor(shape: [m, k], repeating: 0.5), b = Tensor(shape: [k, n], repeating: 0.25)
        var best = Double.infinity
        for _ in 0..<20 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = Tensor.matmul(a, b)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(m * k * n) / best / 1e9
    }
}
