import CBLAS

/// OpenBLAS, loaded at first use with the fast kernel family chosen for this CPU (see `CBLAS/blas_loader.c`).
public enum BLAS {
    /// Who chose the kernel family OpenBLAS runs.
    public enum CoreTypeSource: String, Sendable {
        /// OpenBLAS's own detection (nothing set).
        case library
        /// The user's `OPENBLAS_CORETYPE`.
        case environment
        /// The workbench, from the CPU's features (AVX-512 → SkylakeX, AVX2 → Haswell).
        case workbench
    }

    /// Loads the library; throws a readable error when it is missing.
    public static func load() throws(TensorError) {
        if wb_blas_load() != 0 { throw .blasUnavailable(String(cString: wb_blas_error())) }
    }

    /// OpenBLAS's name of the kernel family in use ("SkylakeX", "Prescott", …).
    public static var coreName: String { String(cString: wb_blas_corename()) }
    /// The `OPENBLAS_CORETYPE` the library was loaded with ("" when none).
    public static var requestedCoreType: String { String(cString: wb_blas_coretype_requested()) }
    /// Who chose the kernel family.
    public static var coreTypeSource: CoreTypeSource {
        switch wb_blas_coretype_source() {
        case 1: .environment
        case 2: .workbench
        default: .library
        }
    }
    /// `OPENBLAS_THREAD_TIMEOUT` as the library loaded it: log2 of the cycles an idle worker spins before it
    /// sleeps, and who chose it (the workbench asks for 4 when the variable is unset; see `blas_loader.c`).
    public static var threadTimeout: (value: String, source: CoreTypeSource) {
        let value = String(cString: wb_blas_thread_timeout())
        return (value, wb_blas_thread_timeout_source() == 1 ? .environment : .workbench)
    }
    /// The kernel family the workbench would choose for this CPU (nil when it leaves the choice to OpenBLAS).
    public static var preferredCoreType: String? { wb_blas_preferred_coretype().map { String(cString: $0) } }
    /// Path of the loaded library.
    public static var libraryPath: String { String(cString: wb_blas_library_path()) }
    /// Threads OpenBLAS uses (process-wide).
    public static var threads: Int {
        get { Int(wb_blas_get_num_threads()) }
        set { wb_blas_set_num_threads(Int32(newValue)) }
    }

    /// Row-major `C = alpha · op(A) · op(B) + beta · C` where op transposes when asked.
    /// A: [M, K] (or [K, M] transposed), B: [K, N] (or [N, K]), C: [M, N]; leading dimensions are row strides.
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if wb_blas_load() != 0 {
            // Reached only when a caller skipped BLAS.load(); the message still says what is missing.
            fatalError(String(cString: wb_blas_error()))
        }
        wb_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                 beta, c, Int32(ldc))
    }

    /// Eigenvalues (ascending) and eigenvectors of the symmetric `n × n` row-major `matrix` (LAPACK `dsyevd`).
    ///
    /// `vectors` is `n × n` row-major with row `j` the unit eigenvector of `values[j]`.
    ///
    /// - Throws: `TensorError.blasUnavailable` when the loaded library lacks LAPACK's `dsyevd`, or it fails.
    public static func symmetricEigen(_ matrix: [Double], n: Int) throws(TensorError) -> (values: [Double], vectors: [Double]) {
        precondition(matrix.count == n * n, "symmetricEigen: \(matrix.count) values for a \(n) × \(n) matrix")
        try load()
        var a = matrix                                                              // [n, n], symmetric: row- = column-major
        var w = [Double](repeating: 0, count: n)                                    // [n]
        let info = a.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in wb_dsyevd(Int32(n), a.baseAddress, w.baseAddress) }
        }
        switch info {
        case 0: return (w, a)                                                        // column-major eigenvectors = rows here
        case -1000: throw .blasUnavailable("\(libraryPath) has no LAPACK dsyevd_ (needed for PCA)")
        default: throw .blasUnavailable("dsyevd failed on a \(n) × \(n) matrix (info \(info))")
        }
    }

    /// Row-major double-precision `C = alpha · op(A) · op(B) + beta · C`, as ``sgemm``.
    ///
    /// - Throws: `TensorError.blasUnavailable` when the loaded library lacks `cblas_dgemm`.
    public static func dgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) throws(TensorError) {
        try load()
        let status = wb_dgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
                              Int32(ldb), beta, c, Int32(ldc))
        guard status == 0 else { throw .blasUnavailable("\(libraryPath) has no cblas_dgemm") }
    }
}
