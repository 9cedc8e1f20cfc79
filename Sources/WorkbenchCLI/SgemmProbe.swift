import Foundation
import Tensors

/// Measures the BLAS's sgemm speed on one shape.
enum SgemmProbe {
    /// Best GFLOP/s of 20 products of [m, k] · [k, n]: sgemm, or (bf16) a linear layer with bf16 products.
    static func gflops(m: Int, k: Int, n: Int, precision: MatmulPrecision = .fp32) -> Double {
        let a = Tensor(shape: [m, k], repeating: 0.5), b = Tensor(shape: [k, n], repeating: 0.25)
        let w = Tensor(shape: [n, k], repeating: 0.25)                      // the same product as a linear layer's weight
        var best = Double.infinity
        MatmulPrecision.with(precision) {
            GradMode.withoutGradients {
                _ = precision == .bf16 ? Tensor.linear(a, weight: w, bias: nil) : a               // packs the weight once
                for _ in 0..<20 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = precision == .bf16 ? Tensor.linear(a, weight: w, bias: nil) : Tensor.matmul(a, b)
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
            }
        }
        return 2 * Double(m * k * n) / best / 1e9
    }
}
