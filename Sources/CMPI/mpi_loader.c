// Loads Open MPI with dlopen at first use (see wb_mpi.h). Open MPI's predefined handles are the addresses of
// exported objects (MPI_COMM_WORLD is &ompi_mpi_comm_world, MPI_FLOAT &ompi_mpi_float, …), found with dlsym. Errors
// on the world communicator return codes (MPI_ERRORS_RETURN) instead of aborting, so each failure is reported by
// the call that met it.
#define _GNU_SOURCE
#include "wb_mpi.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { MPI_THREAD_FUNNELED_ = 1, MPI_MAX_ERROR_STRING_ = 256 };
#define IN_PLACE ((void *)1)  // Open MPI's MPI_IN_PLACE

typedef int (*init_thread_fn)(int *, char ***, int, int *);
typedef int (*comm_int_fn)(void *, int *);
typedef int (*allreduce_fn)(const void *, void *, int, void *, void *, void *);
typedef int (*allgather_fn)(const void *, int, void *, void *, int, void *, void *);
typedef int (*alltoall_fn)(const void *, int, void *, void *, int, void *, void *);
typedef int (*bcast_fn)(void *, int, void *, int, void *);
typedef int (*barrier_fn)(void *);
typedef int (*finalize_fn)(void);
typedef int (*set_errhandler_fn)(void *, void *);
typedef int (*error_string_fn)(int, char *, int *);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int status = -1, rank = 0, size = 1, finalized = 0;
static char error_text[512], library_path[512];
static void *comm_world, *type_float, *type_byte, *op_sum;
static allreduce_fn p_allreduce;
static allgather_fn p_allgather;
static alltoall_fn p_alltoall;
static bcast_fn p_bcast;
static barrier_fn p_barrier;
static finalize_fn p_finalize;
static error_string_fn p_error_string;

static void load_once(void) {
    // a rank waiting in a collective (while rank 0 evaluates) yields its core instead of spinning on it, unless the
    // user chose otherwise; Open MPI reads its MCA parameters from the environment at MPI_Init
    setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
    void *h = dlopen("libmpi.so.40", RTLD_NOW | RTLD_GLOBAL);  // GLOBAL: Open MPI's plugins resolve against it
    if (h == NULL) h = dlopen("libmpi.so", RTLD_NOW | RTLD_GLOBAL);
    if (h == NULL) {
        snprintf(error_text, sizeof error_text, "cannot load Open MPI (libmpi.so.40): %s; install it with "
                 "scripts/install-system-deps.sh (apt packages openmpi-bin libopenmpi-dev)", dlerror());
        return;
    }
    init_thread_fn init = (init_thread_fn)dlsym(h, "MPI_Init_thread");
    comm_int_fn comm_rank = (comm_int_fn)dlsym(h, "MPI_Comm_rank"), comm_size = (comm_int_fn)dlsym(h, "MPI_Comm_size");
    set_errhandler_fn set_errhandler = (set_errhandler_fn)dlsym(h, "MPI_Comm_set_errhandler");
    p_allreduce = (allreduce_fn)dlsym(h, "MPI_Allreduce");
    p_allgather = (allgather_fn)dlsym(h, "MPI_Allgather");
    p_alltoall = (alltoall_fn)dlsym(h, "MPI_Alltoall");
    p_bcast = (bcast_fn)dlsym(h, "MPI_Bcast");
    p_barrier = (barrier_fn)dlsym(h, "MPI_Barrier");
    p_finalize = (finalize_fn)dlsym(h, "MPI_Finalize");
    p_error_string = (error_string_fn)dlsym(h, "MPI_Error_string");
    comm_world = dlsym(h, "ompi_mpi_comm_world");
    type_float = dlsym(h, "ompi_mpi_float");
    type_byte = dlsym(h, "ompi_mpi_byte");
    op_sum = dlsym(h, "ompi_mpi_op_sum");
    void *errors_return = dlsym(h, "ompi_mpi_errors_return");
    if (!init || !comm_rank || !comm_size || !set_errhandler || !p_allreduce || !p_allgather || !p_alltoall || !p_bcast || !p_barrier ||
        !p_finalize || !p_error_string || !comm_world || !type_float || !type_byte || !op_sum || !errors_return) {
        snprintf(error_text, sizeof error_text, "the loaded libmpi is not Open MPI 4 (a symbol is missing)");
        return;
    }
    struct link_map *map = NULL;
    if (dlinfo(h, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && map->l_name != NULL)
        snprintf(library_path, sizeof library_path, "%s", map->l_name);
    int provided = 0;
    int rc = init(NULL, NULL, MPI_THREAD_FUNNELED_, &provided);
    if (rc != 0) { snprintf(error_text, sizeof error_text, "MPI_Init_thread failed (code %d)", rc); return; }
    set_errhandler(comm_world, errors_return);
    comm_rank(comm_world, &rank);
    comm_size(comm_world, &size);
    status = 0;
}

int wb_mpi_init(void) { pthread_once(&once, load_once); return status; }
const char *wb_mpi_error(void) { return error_text; }
int wb_mpi_rank(void) { return rank; }
int wb_mpi_size(void) { return size; }
const char *wb_mpi_library_path(void) { return library_path; }

/// Records the MPI error string of a failing call; returns rc.
static int checked(int rc, const char *what) {
    if (rc != 0) {
        char text[MPI_MAX_ERROR_STRING_] = {0};
        int len = 0;
        if (p_error_string) p_error_string(rc, text, &len);
        snprintf(error_text, sizeof error_text, "%s failed on rank %d: %s (code %d)", what, rank, text, rc);
    }
    return rc;
}

// Counts are int in MPI; larger buffers go in chunks.
#define CHUNK ((size_t)1 << 30)

int wb_mpi_allreduce_sum_float(float *buffer, size_t n) {
    if (status != 0) return -1;
    for (size_t at = 0; at < n; at += CHUNK) {
        size_t m = n - at < CHUNK ? n - at : CHUNK;
        int rc = checked(p_allreduce(IN_PLACE, buffer + at, (int)m, type_float, op_sum, comm_world), "MPI_Allreduce");
        if (rc != 0) return rc;
    }
    return 0;
}

int wb_mpi_allgather_float(const float *in, float *out, size_t n) {
    if (status != 0) return -1;
    if (n > (size_t)INT32_MAX) { snprintf(error_text, sizeof error_text, "MPI_Allgather of %zu floats", n); return -1; }
    return checked(p_allgather(in, (int)n, type_float, out, (int)n, type_float, comm_world), "MPI_Allgather");
}

int wb_mpi_allgather_bytes(const void *in, void *out, size_t n) {
    if (status != 0) return -1;
    if (n > (size_t)INT32_MAX) { snprintf(error_text, sizeof error_text, "MPI_Allgather of %zu bytes", n); return -1; }
    return checked(p_allgather(in, (int)n, type_byte, out, (int)n, type_byte, comm_world), "MPI_Allgather");
}

int wb_mpi_alltoall_float(const float *in, float *out, size_t n) {
    if (status != 0) return -1;
    if (n > (size_t)INT32_MAX) { snprintf(error_text, sizeof error_text, "MPI_Alltoall of %zu floats per rank", n); return -1; }
    return checked(p_alltoall(in, (int)n, type_float, out, (int)n, type_float, comm_world), "MPI_Alltoall");
}

int wb_mpi_broadcast_bytes(void *buffer, size_t n, int root) {
    if (status != 0) return -1;
    if (n > (size_t)INT32_MAX) { snprintf(error_text, sizeof error_text, "MPI_Bcast of %zu bytes", n); return -1; }
    return checked(p_bcast(buffer, (int)n, type_byte, root, comm_world), "MPI_Bcast");
}

int wb_mpi_barrier(void) { return status != 0 ? -1 : checked(p_barrier(comm_world), "MPI_Barrier"); }

void wb_mpi_finalize(void) {
    if (status == 0 && !finalized) { finalized = 1; p_finalize(); }
}
