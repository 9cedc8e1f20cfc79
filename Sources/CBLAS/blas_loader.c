// Loads OpenBLAS with dlopen after choosing its kernel family.
//
// Debian's OpenBLAS 0.3.21 (DYNAMIC_ARCH) does not recognise recent Xeons and falls back to its
// slowest kernels ("Prescott"). It reads OPENBLAS_CORETYPE only in its library constructor, so the
// variable must be set before the library is loaded. Linking it normally runs that constructor
// before any code of ours; loading it here, at first use, lets every executable and test get the
// fast kernels without a launcher script or a re-exec. A user's own OPENBLAS_CORETYPE always wins.
//
// OpenBLAS's worker threads spin for 2^28 cycles (about 0.1 s) after every call before they sleep.
// Between two products the workbench runs its own threads (element-wise kernels, attention, the bf16
// GEMM), and the spinning workers take a core from them: in a fp32 training step on 2 cores, perf puts
// ~8 % of all samples in sched_yield/__schedule. OPENBLAS_THREAD_TIMEOUT (log2 cycles, 4…30) is read at
// load too; unset, the workbench asks for the minimum, 4, so idle workers sleep at once. A user's own
// value always wins.
#define _GNU_SOURCE
#include "wb_blas.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The OPENBLAS_THREAD_TIMEOUT the workbench asks for: 2^4 cycles of spinning before a worker sleeps.
#define WB_BLAS_THREAD_TIMEOUT "4"

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int,
                         float, float *, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *, int,
                         double, double *, int);
typedef void (*dsyevd_fn)(const char *, const char *, const int *, double *, const int *, double *, double *,
                          const int *, int *, const int *, int *);
typedef char *(*corename_fn)(void);
typedef int (*get_threads_fn)(void);
typedef void (*set_threads_fn)(int);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char error_text[512];
static char requested[64];
static char library_path[512];
static int requested_source;
static char thread_timeout[16];
static int thread_timeout_source;
static sgemm_fn p_sgemm;
static dgemm_fn p_dgemm;
static dsyevd_fn p_dsyevd;
static corename_fn p_corename;
static get_threads_fn p_get_threads;
static set_threads_fn p_set_threads;

/// The kernel family to ask for on this CPU, or NULL to leave the choice to OpenBLAS.
const char *wb_blas_preferred_coretype(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    return NULL;
}

static void load_once(void) {
    const char *user = getenv("OPENBLAS_CORETYPE");
    if (user != NULL && user[0] != '\0') {
        requested_source = 1;
        snprintf(requested, sizeof requested, "%s", user);
    } else {
        const char *preferred = wb_blas_preferred_coretype();
        if (preferred != NULL) {
            setenv("OPENBLAS_CORETYPE", preferred, 1);
            requested_source = 2;
            snprintf(requested, sizeof requested, "%s", preferred);
        }
    }
    const char *timeout = getenv("OPENBLAS_THREAD_TIMEOUT");
    if (timeout != NULL && timeout[0] != '\0') {
        thread_timeout_source = 1;
        snprintf(thread_timeout, sizeof thread_timeout, "%s", timeout);
    } else {
        setenv("OPENBLAS_THREAD_TIMEOUT", WB_BLAS_THREAD_TIMEOUT, 1);
        thread_timeout_source = 2;
        snprintf(thread_timeout, sizeof thread_timeout, "%s", WB_BLAS_THREAD_TIMEOUT);
    }
    const char *names[] = {"libopenblas.so.0", "libopenblas.so"};
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++)
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(error_text, sizeof error_text,
                 "cannot load OpenBLAS (libopenblas.so.0): %s; install it with scripts/setup.sh "
                 "(apt package libopenblas-dev)", dlerror());
        return;
    }
    p_sgemm = (sgemm_fn)dlsym(handle, "cblas_sgemm");
    p_dgemm = (dgemm_fn)dlsym(handle, "cblas_dgemm");
    p_dsyevd = (dsyevd_fn)dlsym(handle, "dsyevd_");
    p_corename = (corename_fn)dlsym(handle, "openblas_get_corename");
    p_get_threads = (get_threads_fn)dlsym(handle, "openblas_get_num_threads");
    p_set_threads = (set_threads_fn)dlsym(handle, "openblas_set_num_threads");
    if (p_sgemm == NULL) {
        snprintf(error_text, sizeof error_text, "the loaded BLAS library has no cblas_sgemm");
        return;
    }
    struct link_map *map = NULL;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && map->l_name != NULL)
        snprintf(library_path, sizeof library_path, "%s", map->l_name);
    load_status = 0;
}

int wb_blas_load(void) {
    pthread_once(&once, load_once);
    return load_status;
}

const char *wb_blas_error(void) { return error_text; }
const char *wb_blas_coretype_requested(void) { wb_blas_load(); return requested; }
int wb_blas_coretype_source(void) { wb_blas_load(); return requested_source; }
const char *wb_blas_thread_timeout(void) { wb_blas_load(); return thread_timeout; }
int wb_blas_thread_timeout_source(void) { wb_blas_load(); return thread_timeout_source; }
const char *wb_blas_library_path(void) { wb_blas_load(); return library_path; }

const char *wb_blas_corename(void) {
    if (wb_blas_load() != 0 || p_corename == NULL) return "unknown";
    return p_corename();
}

int wb_blas_get_num_threads(void) {
    if (wb_blas_load() != 0 || p_get_threads == NULL) return 1;
    return p_get_threads();
}

void wb_blas_set_num_threads(int n) {
    if (wb_blas_load() == 0 && p_set_threads != NULL) p_set_threads(n);
}

void wb_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float beta, float *C, int ldc) {
    if (wb_blas_load() != 0) abort(); // callers check wb_blas_load() first; reaching here is a bug
    p_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, M, N, K, alpha, A, lda, B,
            ldb, beta, C, ldc);
}

int wb_dgemm(int transA, int transB, int M, int N, int K, double alpha, const double *A, int lda,
             const double *B, int ldb, double beta, double *C, int ldc) {
    if (wb_blas_load() != 0 || p_dgemm == NULL) return -1;
    p_dgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, M, N, K, alpha, A, lda, B,
            ldb, beta, C, ldc);
    return 0;
}

int wb_dsyevd(int n, double *a, double *w) {
    if (wb_blas_load() != 0 || p_dsyevd == NULL) return -1000;
    const char jobz = 'V', uplo = 'U';
    int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
    double work_query = 0;
    p_dsyevd(&jobz, &uplo, &n, a, &n, w, &work_query, &lwork, &iwork_query, &liwork, &info);
    if (info != 0) return info;
    lwork = (int)work_query;
    liwork = iwork_query;
    double *work = malloc(sizeof(double) * (size_t)(lwork > 1 ? lwork : 1));
    int *iwork = malloc(sizeof(int) * (size_t)(liwork > 1 ? liwork : 1));
    if (work == NULL || iwork == NULL) { free(work); free(iwork); return -1001; }
    p_dsyevd(&jobz, &uplo, &n, a, &n, w, work, &lwork, iwork, &liwork, &info);
    free(work);
    free(iwork);
    return info;
}
