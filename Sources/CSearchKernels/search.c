// Search scoring kernels (see wb_search.h). The float kernel is compiled for AVX-512 / AVX2 / baseline
// through target_clones; the int8 and binary kernels have an explicit AVX-512 path chosen at run time from
// the CPU's features, and a portable path that gives the same integers.
#include "wb_search.h"

#include <immintrin.h>

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#pragma clang fp reassociate(on)

// ---- float32 --------------------------------------------------------------------------------------

CLONES void wbs_dot_f32(const float *x, size_t n, int d, const float *q, float *out) {
    for (size_t i = 0; i < n; i++) {
        const float *row = x + i * (size_t)d;
        float s = 0;
        for (int j = 0; j < d; j++) s += row[j] * q[j];
        out[i] = s;
    }
}

// ---- int8: unsigned codes · signed query ----------------------------------------------------------

void wbs_dot_u8s8_portable(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out) {
    for (size_t i = 0; i < n; i++) {
        const uint8_t *row = codes + i * (size_t)d;
        int32_t s = 0;
        for (int j = 0; j < d; j++) s += (int32_t)row[j] * (int32_t)q[j];
        out[i] = s;
    }
}

__attribute__((target("avx512f,avx512bw,avx512vnni")))
static void dot_u8s8_vnni(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out) {
    const int full = d / 64, tail = d % 64;
    const __mmask64 tailMask = tail ? (((__mmask64)1 << tail) - 1) : 0;
    __m512i qv[16];                                   // d ≤ 1024 here; wider rows take the portable loop
    for (int c = 0; c < full; c++) qv[c] = _mm512_loadu_si512(q + 64 * c);
    const __m512i qt = _mm512_maskz_loadu_epi8(tailMask, q + 64 * full);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *row = codes + i * (size_t)d;
        __m512i acc = _mm512_setzero_si512();
        for (int c = 0; c < full; c++) acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512(row + 64 * c), qv[c]);
        if (tail) acc = _mm512_dpbusd_epi32(acc, _mm512_maskz_loadu_epi8(tailMask, row + 64 * full), qt);
        out[i] = _mm512_reduce_add_epi32(acc);
    }
}

// ---- int4: two unsigned 4-bit codes per byte (low nibble: the even coordinate) · signed query -----------

void wbs_dot_u4s8_portable(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out) {
    const int bytes = (d + 1) / 2;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *row = codes + i * (size_t)bytes;
        int32_t s = 0;
        for (int b = 0; b < bytes; b++) {
            s += (int32_t)(row[b] & 15) * q[2 * b];
            if (2 * b + 1 < d) s += (int32_t)(row[b] >> 4) * q[2 * b + 1];
        }
        out[i] = s;
    }
}

__attribute__((target("avx512f,avx512bw,avx512vnni")))
static void dot_u4s8_vnni(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out) {
    // each 64-byte block of a row holds 128 coordinates: the query is split into its even and odd
    // coordinates per block, so low nibbles meet even weights and high nibbles odd ones
    const int bytes = (d + 1) / 2, blocks = (bytes + 63) / 64;
    int8_t even[8 * 64] __attribute__((aligned(64))), odd[8 * 64] __attribute__((aligned(64)));
    for (int k = 0; k < 64 * blocks; k++) {
        even[k] = 2 * k < d ? q[2 * k] : 0;
        odd[k] = 2 * k + 1 < d ? q[2 * k + 1] : 0;
    }
    const int tail = bytes - 64 * (blocks - 1);
    const __mmask64 tailMask = tail == 64 ? ~(__mmask64)0 : (((__mmask64)1 << tail) - 1);
    const __m512i low = _mm512_set1_epi8(15);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *row = codes + i * (size_t)bytes;
        __m512i acc = _mm512_setzero_si512();
        for (int c = 0; c < blocks; c++) {
            __m512i v = c + 1 < blocks ? _mm512_loadu_si512(row + 64 * c) : _mm512_maskz_loadu_epi8(tailMask, row + 64 * c);
            acc = _mm512_dpbusd_epi32(acc, _mm512_and_si512(v, low), _mm512_load_si512(even + 64 * c));
            acc = _mm512_dpbusd_epi32(acc, _mm512_and_si512(_mm512_srli_epi16(v, 4), low), _mm512_load_si512(odd + 64 * c));
        }
        out[i] = _mm512_reduce_add_epi32(acc);
    }
}

// ---- binary: Hamming distance -----------------------------------------------------------------------

// One loop, compiled twice: with the POPCNT instruction and without (the portable reference).
static inline __attribute__((always_inline)) void hamming_rows(const uint64_t *codes, size_t n, int words, const uint64_t *q, uint16_t *out) {
    for (size_t i = 0; i < n; i++) {
        const uint64_t *row = codes + i * (size_t)words;
        unsigned s = 0;
        for (int w = 0; w < words; w++) s += (unsigned)__builtin_popcountll(row[w] ^ q[w]);
        out[i] = (uint16_t)s;
    }
}

void wbs_hamming_portable(const uint64_t *codes, size_t n, int words, const uint64_t *q, uint16_t *out) {
    hamming_rows(codes, n, words, q, out);
}

__attribute__((target("popcnt")))
static void hamming_popcnt(const uint64_t *codes, size_t n, int words, const uint64_t *q, uint16_t *out) {
    hamming_rows(codes, n, words, q, out);
}

__attribute__((target("avx512f,avx512vpopcntdq")))
static void hamming_vpopcnt(const uint64_t *codes, size_t n, int words, const uint64_t *q, uint16_t *out) {
    const int full = words / 8, tail = words % 8;
    const __mmask8 tailMask = (__mmask8)((1u << tail) - 1);
    for (size_t i = 0; i < n; i++) {
        const uint64_t *row = codes + i * (size_t)words;
        __m512i acc = _mm512_setzero_si512();
        for (int c = 0; c < full; c++) {
            __m512i x = _mm512_xor_si512(_mm512_loadu_si512(row + 8 * c), _mm512_loadu_si512(q + 8 * c));
            acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(x));
        }
        if (tail) {
            __m512i x = _mm512_xor_si512(_mm512_maskz_loadu_epi64(tailMask, row + 8 * full),
                                         _mm512_maskz_loadu_epi64(tailMask, q + 8 * full));
            acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(x));
        }
        out[i] = (uint16_t)_mm512_reduce_add_epi64(acc);
    }
}

// ---- dispatch -----------------------------------------------------------------------------------------

int wbs_features(void) {
    static int features = -1;
    if (features < 0) {
        __builtin_cpu_init();
        int f = 0;
        if (__builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bw")) f |= 1;
        if (__builtin_cpu_supports("avx512vpopcntdq")) f |= 2;
        if (__builtin_cpu_supports("popcnt")) f |= 4;
        features = f;
    }
    return features;
}

void wbs_dot_u8s8(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out) {
    if ((wbs_features() & 1) && d <= 1024) dot_u8s8_vnni(codes, n, d, q, out);
    else wbs_dot_u8s8_portable(codes, n, d, q, out);
}

void wbs_dot_u4s8(const uint8_t *codes, size_t n, int d, const int8_t *q, int32_t *out) {
    if ((wbs_features() & 1) && d <= 1024) dot_u4s8_vnni(codes, n, d, q, out);
    else wbs_dot_u4s8_portable(codes, n, d, q, out);
}

void wbs_hamming(const uint64_t *codes, size_t n, int words, const uint64_t *q, uint16_t *out) {
    int f = wbs_features();
    // one to three words fit no vector well: the scalar POPCNT loop is as fast there
    if ((f & 2) && words >= 4) hamming_vpopcnt(codes, n, words, q, out);
    else if (f & 4) hamming_popcnt(codes, n, words, q, out);
    else wbs_hamming_portable(codes, n, words, q, out);
}

// ---- exact re-scoring ---------------------------------------------------------------------------------
// Double-precision dot products with a fixed summation order (eight interleaved partial sums, added
// pairwise at the end), no reassociation and no FMA contraction: the same bits on every CPU and clone.
#pragma clang fp reassociate(off)
#pragma clang fp contract(off)

CLONES void wbs_rescore(const float *vectors, int d, const int64_t *positions, size_t m, const double *q, double *out) {
    for (size_t c = 0; c < m; c++) {
        const float *row = vectors + (size_t)positions[c] * (size_t)d;
        double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int j = 0;
        for (; j + 8 <= d; j += 8)
            for (int l = 0; l < 8; l++) s[l] += (double)row[j + l] * q[j + l];
        for (; j < d; j++) s[j % 8] += (double)row[j] * q[j];
        out[c] = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    }
}
