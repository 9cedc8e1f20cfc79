import Foundation
import Tensors

/// `wb-bench gemm-peak`: this CPU's matrix-product peak on the threads the benchmark uses, the yardstick for the
/// training rows' "fraction of peak": fp32 `BLAS.sgemm` (OpenBLAS) and the bf16 linear layer (`Tensor.linear`
/// inside `MatmulPrecision.withBF16`, gradients off, the weight packed once before timing), both on a large
/// linear-layer shape [M, K] · [N, K]ᵀ (default 4096 × 768 · 3072 × 768, 19.3 GFLOP). Best of `--reps`.
struct GemmPeakBench {
    var m: Int, k: Int, n: Int, reps: Int

    init(_ o: inout Options) throws {
        m = try o.int("m", default: 4096)
        k = try o.int("k", default: 768)
        n = try o.int("n", default: 3072)
        reps = try o.int("reps", default: 8)
    }

    func run() throws {
        try BLAS.load()
        let flop = 2 * Double(m) * Double(k) * Double(n)
        let fg = ForeignLoad()
        let a = [Float](repeating: 0.5, count: m * k), w = [Float](repeating: 0.25, count: n * k)
        var c = [Float](repeating: 0, count: m * n)
        var fp32: [Double] = []
        a.withUnsafeBufferPointer { a in
            w.withUnsafeBufferPointer { w in
                c.withUnsafeMutableBufferPointer { c in
                    for _ in 0...reps {   // the first is a warm-up
                        let (dt, _) = Measure.time {
                            BLAS.sgemm(transA: false, transB: true, m: m, n: n, k: k, a: a.baseAddress!, lda: k,
                                       b: w.baseAddress!, ldb: k, c: c.baseAddress!, ldc: n)
                        }
                        fp32.append(dt)
                    }
                }
            }
        }
        let x = Tensor(shape: [m, k], scalars: a), weight = Tensor(shape: [n, k], scalars: w)     // [M, K], [N, K]
        var bf16: [Double] = []
        MatmulPrecision.withBF16 {
            GradMode.withoutGradients {
                for _ in 0...reps { bf16.append(Measure.time { Tensor.linear(x, weight: weight, bias: nil) }.0) }  // [M, N]
            }
        }
        fp32.removeFirst(); bf16.removeFirst()
        Measure.printJSON([
            "bench": "gemm-peak", "m": m, "k": k, "n": n, "gflop": Measure.r3(flop / 1e9), "reps": reps,
            "fp32_sgemm_gflops": Measure.r3(flop / fp32.min()! / 1e9), "fp32_sgemm_gflops_median": Measure.r3(flop / Measure.median(fp32) / 1e9),
            "bf16_linear_gflops": Measure.r3(flop / bf16.min()! / 1e9), "bf16_linear_gflops_median": Measure.r3(flop / Measure.median(bf16) / 1e9),
            "bf16_accelerated": MatmulPrecision.bf16Accelerated, "foreign_load": Measure.r3(fg.fraction()),
            "blas_core": BLAS.coreName, "blas_threads": BLAS.threads, "blas_thread_timeout": BLAS.threadTimeout.value, "parallel_width": Parallel.width,
        ])
    }
}
