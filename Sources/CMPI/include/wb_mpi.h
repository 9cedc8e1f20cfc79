// Open MPI, loaded at first use with dlopen: the workbench builds and runs without MPI, and a process started by
// mpirun finds the library the launcher belongs to. Handles (communicator, datatypes, operations) stay opaque.
#ifndef WB_MPI_H
#define WB_MPI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads libmpi and initialises MPI (MPI_THREAD_FUNNELED), once. Returns 0, or -1 with a message in wb_mpi_error().
int wb_mpi_init(void);
/// Why wb_mpi_init failed, or the last failing call's MPI error string.
const char *wb_mpi_error(void);
/// Rank and size in MPI_COMM_WORLD (after wb_mpi_init).
int wb_mpi_rank(void);
int wb_mpi_size(void);
/// In-place sum over all ranks of n floats (MPI_Allreduce with MPI_IN_PLACE). 0 on success, else the MPI error code.
int wb_mpi_allreduce_sum_float(float *buffer, size_t n);
/// Gathers n floats from every rank into out [size, n], in rank order. 0 on success.
int wb_mpi_allgather_float(const float *in, float *out, size_t n);
/// Gathers n bytes from every rank into out [size, n], in rank order. 0 on success.
int wb_mpi_allgather_bytes(const void *in, void *out, size_t n);
/// Sends block r of `in` [size, n] to rank r and receives rank r's block for this rank into block r of `out`
/// [size, n] (MPI_Alltoall). 0 on success.
int wb_mpi_alltoall_float(const float *in, float *out, size_t n);
/// Broadcasts n bytes from `root` into every rank's buffer. 0 on success.
int wb_mpi_broadcast_bytes(void *buffer, size_t n, int root);
/// Waits for every rank. 0 on success.
int wb_mpi_barrier(void);
/// MPI_Finalize (once; later calls do nothing).
void wb_mpi_finalize(void);
/// The library that was loaded.
const char *wb_mpi_library_path(void);

#ifdef __cplusplus
}
#endif

#endif
