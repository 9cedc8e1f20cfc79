import Foundation
import Testing
@testable import Tensors
import TestSupport

/// The BLAS that is loaded, whichever kernel family it runs, computes correct products.
@Suite struct BLASTests {
    @Test func fastKernelFamilyIsChosen() throws {
        try BLAS.load()
        #expect(!BLAS.coreName.isEmpty)
        #expect(BLAS.threads >= 1)
        // Unless the user chose, the workbench must not leave this CPU on OpenBLAS's fallback kernel.
        if BLAS.coreTypeSource == .workbench { #expect(BLAS.coreName.lowercased() != "prescott") }
    }

    /// Idle OpenBLAS workers sleep at once unless the user asked otherwise: the variable OpenBLAS reads at
    /// load is in the environment, and it is the workbench's 4 when the user set none.
    @Test func idleWorkersDoNotSpinUnlessAsked() throws {
        try BLAS.load()
        let timeout = BLAS.threadTimeout
        #expect(ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"] == timeout.value)
        if timeout.source == .workbench { #expect(timeout.value == "4") }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func sgemmMatchesNaiveProduct(transA: Bool, transB: Bool) throws {
        try BLAS.load()
        var random = SplitMix64(seed: 1)
        let (m, n, k) = (67, 45, 129) // odd sizes exercise the kernels' edge handling
        let a = random.tensor(transA ? [k, m] : [m, k], parameter: false)
        let b = random.tensor(transB ? [n, k] : [k, n], parameter: false)
        let c = Tensor.matmul(a, b, transposeA: transA, transposeB: transB)
        for i in 0..<m {
            for j in 0..<n {
                var s: Double = 0
                for p in 0..<k {
                    let av = transA ? a.data[p * m + i] : a.data[i * k + p]
                    let bv = transB ? b.data[j * k + p] : b.data[p * n + j]
                    s += Double(av) * Double(bv)
                }
                #expect(abs(Double(c.data[i * n + j]) - s) < 1e-4)
            }
        }
    }
}
