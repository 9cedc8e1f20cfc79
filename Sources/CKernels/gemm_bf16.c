// bf16 matrix products with fp32 accumulation: C[M,N] = A[M,K] · W[N,K]ᵀ (+ C when accumulate), A in fp32 (rounded
// to bf16 while it is packed), W packed once into bf16 panels. AVX-512 BF16 (vdpbf16ps) micro-kernel of 8 rows × 32
// columns; a scalar loop with the same bf16 rounding of the inputs elsewhere.
#include "wb_kernels.h"

#include <immintrin.h>
#include <string.h>

enum { MR = 8, NR = 32 };

/// fp32 → bf16, round to nearest even (NaN kept a NaN).
static inline uint16_t to_bf16(float x) {
    uint32_t u;
    memcpy(&u, &x, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1)) >> 16);
}

static inline float from_bf16(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float x;
    memcpy(&x, &u, 4);
    return x;
}

size_t wb_bf16_packed_size(int n, int k) {
    size_t panels = ((size_t)n + NR - 1) / NR, pairs = ((size_t)k + 1) / 2;
    return panels * pairs * NR * 2;
}

void wb_bf16_pack_weights(const float *w, int n, int k, int ldw, uint16_t *out) {
    // panel p, pair q: 32 columns × (k = 2q, 2q + 1), zero beyond n and k
    const int pairs = (k + 1) / 2, panels = (n + NR - 1) / NR;
    for (int p = 0; p < panels; p++)
        for (int q = 0; q < pairs; q++) {
            uint16_t *dst = out + ((size_t)p * pairs + q) * NR * 2;
            for (int c = 0; c < NR; c++) {
                int col = p * NR + c;
                for (int e = 0; e < 2; e++) {
                    int kk = 2 * q + e;
                    dst[2 * c + e] = (col < n && kk < k) ? to_bf16(w[(size_t)col * ldw + kk]) : 0;
                }
            }
        }
}

/// Rows [r0, r0 + MR) of A as bf16 pairs, zero beyond m and k: out[r * pairs + q] = (a[r][2q], a[r][2q+1]).
static void pack_rows(const float *a, int lda, int r0, int m, int k, uint32_t *out) {
    const int pairs = (k + 1) / 2;
    for (int r = 0; r < MR; r++) {
        const float *row = a + (size_t)(r0 + r) * lda;
        for (int q = 0; q < pairs; q++) {
            uint32_t lo = 0, hi = 0;
            if (r0 + r < m) {
                lo = to_bf16(row[2 * q]);
                hi = 2 * q + 1 < k ? to_bf16(row[2 * q + 1]) : 0;
            }
            out[(size_t)r * pairs + q] = lo | (hi << 16);
        }
    }
}

/// pack_rows with vcvtne2ps2bf16 (round to nearest even, as to_bf16): a row's pairs are its bf16 values in order.
__attribute__((target("avx512f,avx512bw,avx512bf16")))
static void pack_rows_avx512(const float *a, int lda, int r0, int m, int k, uint32_t *out) {
    const int pairs = (k + 1) / 2;
    for (int r = 0; r < MR; r++) {
        uint16_t *dst = (uint16_t *)(out + (size_t)r * pairs);
        if (r0 + r >= m) {
            memset(dst, 0, (size_t)pairs * 4);
            continue;
        }
        const float *row = a + (size_t)(r0 + r) * lda;
        int j = 0;
        for (; j + 32 <= k; j += 32)
            _mm512_storeu_si512(dst + j, (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(row + j + 16), _mm512_loadu_ps(row + j)));
        for (; j < 2 * pairs; j++) dst[j] = j < k ? to_bf16(row[j]) : 0;
    }
}

__attribute__((target("avx512f,avx512bw,avx512bf16")))
static void kernel_avx512(const uint32_t *ap, const uint16_t *bp, int pairs, float *c, int ldc, int rows, int cols, int accumulate) {
    __m512 acc[MR][2];
    for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    for (int q = 0; q < pairs; q++) {
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(bp + (size_t)q * NR * 2);
        __m512bh b1 = (__m512bh)_mm512_loadu_si512(bp + (size_t)q * NR * 2 + 32);
        for (int r = 0; r < MR; r++) {
            __m512bh av = (__m512bh)_mm512_set1_epi32((int)ap[(size_t)r * pairs + q]);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], av, b0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], av, b1);
        }
    }
    const __mmask16 m0 = cols >= 16 ? 0xffff : (__mmask16)((1u << cols) - 1);
    const __mmask16 m1 = cols >= 32 ? 0xffff : cols <= 16 ? 0 : (__mmask16)((1u << (cols - 16)) - 1);
    for (int r = 0; r < rows; r++) {
        float *dst = c + (size_t)r * ldc;
        __m512 v0 = acc[r][0], v1 = acc[r][1];
        if (accumulate) {
            v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, dst));
            v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, dst + 16));
        }
        _mm512_mask_storeu_ps(dst, m0, v0);
        _mm512_mask_storeu_ps(dst + 16, m1, v1);
    }
}

/// The same products in scalar fp32 from the same bf16 inputs (exact products, fp32 sums in k order).
static void kernel_portable(const uint32_t *ap, const uint16_t *bp, int pairs, float *c, int ldc, int rows, int cols, int accumulate) {
    for (int r = 0; r < rows; r++)
        for (int col = 0; col < cols; col++) {
            float s = 0;
            for (int q = 0; q < pairs; q++) {
                uint32_t a = ap[(size_t)r * pairs + q];
                const uint16_t *b = bp + (size_t)q * NR * 2 + 2 * col;
                s += from_bf16((uint16_t)a) * from_bf16(b[0]) + from_bf16((uint16_t)(a >> 16)) * from_bf16(b[1]);
            }
            float *dst = c + (size_t)r * ldc + col;
            *dst = accumulate ? *dst + s : s;
        }
}

int wb_bf16_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw");
}

void wb_gemm_bf16(const float *a, int lda, int r0, int r1, int m, const uint16_t *packed, int n, int k,
                  float *c, int ldc, int accumulate, int portable) {
    const int pairs = (k + 1) / 2, panels = (n + NR - 1) / NR;
    const int fast = !portable && wb_bf16_supported();
    uint32_t apack[MR * 1024];                              // k ≤ 2048
    uint32_t *ap = pairs <= 1024 ? apack : NULL;
    if (!ap) return;
    for (int row = r0; row < r1; row += MR) {
        const int rows = (r1 - row) < MR ? (r1 - row) : MR;
        if (fast) pack_rows_avx512(a, lda, row, row + rows < m ? row + rows : m, k, ap);
        else pack_rows(a, lda, row, row + rows < m ? row + rows : m, k, ap);
        for (int p = 0; p < panels; p++) {
            const int cols = (n - p * NR) < NR ? (n - p * NR) : NR;
            const uint16_t *bp = packed + (size_t)p * pairs * NR * 2;
            float *dst = c + (size_t)row * ldc + p * NR;
            if (fast) kernel_avx512(ap, bp, pairs, dst, ldc, rows, cols, accumulate);
            else kernel_portable(ap, bp, pairs, dst, ldc, rows, cols, accumulate);
        }
    }
}
