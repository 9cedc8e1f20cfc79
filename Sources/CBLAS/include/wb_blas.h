// OpenBLAS, loaded at first use with dlopen so that the kernel family can be chosen first.
#ifndef WB_BLAS_H
#define WB_BLAS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Loads OpenBLAS once (thread-safe). Returns 0 on success, or -1 with a message in wb_blas_error().
int wb_blas_load(void);
/// Why wb_blas_load failed (empty when it did not).
const char *wb_blas_error(void);
/// The OPENBLAS_CORETYPE in force when the library loaded ("" when none), and who chose it:
/// 0 = nobody (left to OpenBLAS), 1 = the user's environment, 2 = the workbench.
const char *wb_blas_coretype_requested(void);
int wb_blas_coretype_source(void);
/// The OPENBLAS_THREAD_TIMEOUT in force when the library loaded (log2 of the cycles an idle worker spins),
/// and who chose it: 1 = the user's environment, 2 = the workbench.
const char *wb_blas_thread_timeout(void);
int wb_blas_thread_timeout_source(void);
/// The kernel family the workbench picks for this CPU from its features (NULL when it leaves the choice to OpenBLAS).
const char *wb_blas_preferred_coretype(void);
/// OpenBLAS's own name of the kernel family it runs ("SkylakeX", "Prescott", ...).
const char *wb_blas_corename(void);
/// The library file that was loaded.
const char *wb_blas_library_path(void);
int wb_blas_get_num_threads(void);
void wb_blas_set_num_threads(int n);

/// Row-major C = alpha * op(A) * op(B) + beta * C, with op = transpose when trans* != 0.
/// A is [M, K] (or [K, M] when transA), B is [K, N] (or [N, K] when transB), C is [M, N].
void wb_sgemm(int transA, int transB, int M, int N, int K, float alpha,
              const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

/// Row-major double-precision C = alpha * op(A) * op(B) + beta * C (as wb_sgemm); -1 when the library lacks cblas_dgemm.
int wb_dgemm(int transA, int transB, int M, int N, int K, double alpha,
             const double *A, int lda, const double *B, int ldb, double beta, double *C, int ldc);
/// Eigen-decomposition of the symmetric n×n matrix `a` (LAPACK dsyevd, upper triangle): eigenvalues ascending in
/// `w`; `a` is overwritten by the eigenvectors, column j of the column-major result (row j read row-major) for w[j].
/// Returns LAPACK's info (0 = success), -1000 when the library has no dsyevd_, -1001 when out of memory.
int wb_dsyevd(int n, double *a, double *w);

#ifdef __cplusplus
}
#endif
#endif
