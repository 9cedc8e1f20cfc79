// Scoring kernels behind the Search module: one query against a block of stored rows, in each of the
// index's precisions. Rows are contiguous and row-major; every function scores rows [0, n) of the pointer
// it is given, so the caller splits a corpus across threads by offsetting the pointers.
#ifndef WB_SEARCH_H
#define WB_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// out[i] = Σ_j x[i·d + j] · q[j]  (float32 rows of width d).
void wbs_dot_f32(const float *x, size_t n, int d, const float *q, float *out);

/// out[i] = Σ_j codes[i·d + j] · q[j]  (unsigned 8-bit codes, signed 8-bit query; exact in int32).
/// Uses AVX-512 VNNI (vpdpbusd) where the CPU has it, else a portable loop; both give the same integers.
void wbs_dot_u8s8(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out);
/// The portable loop of wbs_dot_u8s8, for tests that compare the two.
void wbs_dot_u8s8_portable(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out);

/// out[i] = Σ_j code_j(i) · q[j] for 4-bit codes packed two per byte (coordinate 2b in the low nibble of byte b,
/// 2b+1 in the high one; rows of (d+1)/2 bytes). AVX-512 VNNI where present; the same integers either way.
void wbs_dot_u4s8(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out);
/// The portable loop of wbs_dot_u4s8, for tests.
void wbs_dot_u4s8_portable(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out);

/// out[i] = popcount(codes[i·words .. +words] XOR q)  (bit codes packed in 64-bit words).
/// Uses AVX-512 VPOPCNTDQ where the CPU has it, else the POPCNT instruction / a portable count.
void wbs_hamming(const uint64_t *codes, size_t n, int words, const uint64_t *q, uint16_t *out);
/// The portable loop of wbs_hamming, for tests.
void wbs_hamming_portable(const uint64_t *codes, size_t n, int words, const uint64_t *q, uint16_t *out);

/// out[c] = Σ_j vectors[positions[c]·d + j] · q[j] in double, summed in a fixed order (eight interleaved partial
/// sums added pairwise), so the result is the same on every CPU: the final scores of a search.
void wbs_rescore(const float *vectors, int d, const int64_t *positions, size_t m, const double *q, double *out);

/// Which accelerated paths this CPU takes: bit 0 AVX-512 VNNI (int8, int4), bit 1 AVX-512 VPOPCNTDQ (binary).
int wbs_features(void);

#ifdef __cplusplus
}
#endif
#endif
