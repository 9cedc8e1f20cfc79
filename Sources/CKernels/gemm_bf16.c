// bf16 matrix products with fp32 accumulation: C[M,N] (+)= A[M,K] · W[N,K]ᵀ, A and W in fp32 with any strides
// (so a transposed operand costs nothing extra), each rounded to bf16 (nearest even) as it is packed: W once into
// panels of 32 columns, A in blocks of 8 rows by chunks of K. AVX-512 BF16 (vdpbf16ps) micro-kernel of 8 rows × 32
// columns; a scalar loop with the same bf16 inputs elsewhere.
#include "wb_kernels.h"

#include <immintrin.h>
#include <string.h>

enum { MR = 8, NR = 32, KC = 128 };  // KC: pairs of K per chunk (a chunk of every panel of W stays in L2)

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

int wb_bf16_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
}

size_t wb_bf16_packed_size(int n, int k) {
    size_t panels = ((size_t)n + NR - 1) / NR, pairs = ((size_t)k + 1) / 2;
    return panels * pairs * NR * 2;
}

// ---- W → panels: panel p, pair q holds 32 columns × (k = 2q, 2q + 1), zero beyond n and k ----------------------

static void pack_panel_scalar(const float *w, long rs, long cs, int n, int k, int p, uint16_t *dst) {
    const int pairs = (k + 1) / 2;
    for (int q = 0; q < pairs; q++)
        for (int c = 0; c < NR; c++) {
            const int col = p * NR + c;
            for (int e = 0; e < 2; e++) {
                const int kk = 2 * q + e;
                dst[((size_t)q * NR + c) * 2 + e] = (col < n && kk < k) ? to_bf16(w[(long)col * rs + (long)kk * cs]) : 0;
            }
        }
}

/// A panel from rows of W that are contiguous in k (cs = 1): each row converted 32 values at a time.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
static void pack_panel_rows(const float *w, long rs, int n, int k, int p, uint16_t *dst) {
    const int pairs = (k + 1) / 2;
    uint32_t *d = (uint32_t *)dst;
    for (int c = 0; c < NR; c++) {
        const int col = p * NR + c;
        if (col >= n) {
            for (int q = 0; q < pairs; q++) d[(size_t)q * NR + c] = 0;
            continue;
        }
        const float *row = w + (long)col * rs;
        int q = 0;
        for (; 2 * q + 32 <= k; q += 16) {
            uint32_t t[16];
            _mm512_storeu_si512(t, (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(row + 2 * q + 16), _mm512_loadu_ps(row + 2 * q)));
            for (int i = 0; i < 16; i++) d[(size_t)(q + i) * NR + c] = t[i];
        }
        for (; q < pairs; q++) {
            uint32_t lo = to_bf16(row[2 * q]), hi = 2 * q + 1 < k ? to_bf16(row[2 * q + 1]) : 0;
            d[(size_t)q * NR + c] = lo | (hi << 16);
        }
    }
}

/// A panel from columns of W that are contiguous in n (rs = 1, W stored as [k, n]): two rows of the store make a
/// pair, interleaved value by value.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
static void pack_panel_cols(const float *w, long cs, int n, int k, int p, uint16_t *dst) {
    const int pairs = (k + 1) / 2, c0 = p * NR, cols = n - c0 < NR ? n - c0 : NR;
    const __mmask16 m0 = cols >= 16 ? 0xffff : (__mmask16)((1u << cols) - 1);
    const __mmask16 m1 = cols >= 32 ? 0xffff : cols <= 16 ? 0 : (__mmask16)((1u << (cols - 16)) - 1);
    // out0 = (a0 b0 a1 b1 … a15 b15), out1 = (a16 b16 … a31 b31) from a = row 2q, b = row 2q + 1 (32 bf16 each)
    __m512i lo_idx, hi_idx;
    {
        uint16_t l[32], h[32];
        for (int i = 0; i < 16; i++) {
            l[2 * i] = (uint16_t)i, l[2 * i + 1] = (uint16_t)(32 + i);
            h[2 * i] = (uint16_t)(16 + i), h[2 * i + 1] = (uint16_t)(48 + i);
        }
        lo_idx = _mm512_loadu_si512(l), hi_idx = _mm512_loadu_si512(h);
    }
    for (int q = 0; q < pairs; q++) {
        const float *ra = w + (long)(2 * q) * cs + c0, *rb = ra + cs;
        __m512i a = (__m512i)_mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(m1, ra + 16), _mm512_maskz_loadu_ps(m0, ra));
        __m512i b = _mm512_setzero_si512();
        if (2 * q + 1 < k) b = (__m512i)_mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(m1, rb + 16), _mm512_maskz_loadu_ps(m0, rb));
        _mm512_storeu_si512(dst + (size_t)q * NR * 2, _mm512_permutex2var_epi16(a, lo_idx, b));
        _mm512_storeu_si512(dst + (size_t)q * NR * 2 + 32, _mm512_permutex2var_epi16(a, hi_idx, b));
    }
}

void wb_bf16_pack(const float *w, long rs, long cs, int n, int k, int p0, int p1, uint16_t *out, int portable) {
    const size_t panel = (size_t)((k + 1) / 2) * NR * 2;
    const int fast = !portable && wb_bf16_supported();
    for (int p = p0; p < p1; p++) {
        uint16_t *dst = out + (size_t)p * panel;
        if (fast && cs == 1) pack_panel_rows(w, rs, n, k, p, dst);
        else if (fast && rs == 1) pack_panel_cols(w, cs, n, k, p, dst);
        else pack_panel_scalar(w, rs, cs, n, k, p, dst);
    }
}

// ---- A → blocks of 8 rows × a chunk of qn pairs starting at pair q0 ------------------------------------------------
// Two layouts, read by the kernels through (ars, aqs): row-major [r][q] (ars = qn, aqs = 1) when A's rows are
// contiguous, pair-major [q][r] (ars = 1, aqs = 8) when its columns are.

static void pack_a_scalar(const float *a, long rs, long cs, int r0, int rows, int k, int q0, int qn, uint32_t *out) {
    for (int r = 0; r < MR; r++)
        for (int q = 0; q < qn; q++) {
            const int kk = 2 * (q0 + q);
            uint32_t lo = 0, hi = 0;
            if (r < rows) {
                const float *x = a + (long)(r0 + r) * rs;
                lo = to_bf16(x[(long)kk * cs]);
                hi = kk + 1 < k ? to_bf16(x[(long)(kk + 1) * cs]) : 0;
            }
            out[(size_t)r * qn + q] = lo | (hi << 16);
        }
}

/// [r][q] from contiguous rows: a row's pairs are its bf16 values in order.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
static void pack_a_rows(const float *a, long rs, int r0, int rows, int k, int q0, int qn, uint32_t *out) {
    const int k0 = 2 * q0, kn = (k - k0) < 2 * qn ? (k - k0) : 2 * qn;     // values of the chunk in the row
    for (int r = 0; r < MR; r++) {
        uint16_t *dst = (uint16_t *)(out + (size_t)r * qn);
        if (r >= rows) {
            memset(dst, 0, (size_t)qn * 4);
            continue;
        }
        const float *row = a + (long)(r0 + r) * rs + k0;
        int j = 0;
        for (; j + 32 <= kn; j += 32)
            _mm512_storeu_si512(dst + j, (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(row + j + 16), _mm512_loadu_ps(row + j)));
        for (; j < 2 * qn; j++) dst[j] = j < kn ? to_bf16(row[j]) : 0;
    }
}

/// [q][r] from contiguous columns (rs = 1): the 8 rows of value 2q and of 2q + 1, interleaved.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
static void pack_a_cols(const float *a, long cs, int r0, int rows, int k, int q0, int qn, uint32_t *out) {
    const __mmask8 m = rows >= 8 ? 0xff : (__mmask8)((1u << rows) - 1);
    for (int q = 0; q < qn; q++) {
        const int kk = 2 * (q0 + q);
        __m128i lo = (__m128i)_mm256_cvtneps_pbh(_mm256_maskz_loadu_ps(m, a + (long)kk * cs + r0));
        __m128i hi = kk + 1 < k ? (__m128i)_mm256_cvtneps_pbh(_mm256_maskz_loadu_ps(m, a + (long)(kk + 1) * cs + r0))
                                : _mm_setzero_si128();
        _mm_storeu_si128((__m128i *)(out + (size_t)q * MR), _mm_unpacklo_epi16(lo, hi));        // rows 0-3
        _mm_storeu_si128((__m128i *)(out + (size_t)q * MR + 4), _mm_unpackhi_epi16(lo, hi));    // rows 4-7
    }
}

// ---- micro-kernels: C[rows ≤ 8, cols ≤ 32] (+)= A block · panel, over qn pairs ---------------------------------

__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
static void kernel_avx512(const uint32_t *ap, long ars, long aqs, const uint16_t *bp, int qn, float *c, int ldc,
                          int rows, int cols, int accumulate, const float *bias) {
    __m512 acc[MR][2];
    for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    for (int q = 0; q < qn; q++) {
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(bp + (size_t)q * NR * 2);
        __m512bh b1 = (__m512bh)_mm512_loadu_si512(bp + (size_t)q * NR * 2 + 32);
        const uint32_t *aq = ap + (size_t)q * aqs;
        for (int r = 0; r < MR; r++) {
            __m512bh av = (__m512bh)_mm512_set1_epi32((int)aq[(size_t)r * ars]);
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
        } else if (bias) {
            v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, bias));
            v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, bias + 16));
        }
        _mm512_mask_storeu_ps(dst, m0, v0);
        _mm512_mask_storeu_ps(dst + 16, m1, v1);
    }
}

/// The same products in scalar fp32 from the same bf16 inputs (exact products, fp32 sums in k order).
static void kernel_portable(const uint32_t *ap, long ars, long aqs, const uint16_t *bp, int qn, float *c, int ldc,
                            int rows, int cols, int accumulate, const float *bias) {
    for (int r = 0; r < rows; r++)
        for (int col = 0; col < cols; col++) {
            float s = 0;
            for (int q = 0; q < qn; q++) {
                uint32_t a = ap[(size_t)r * ars + (size_t)q * aqs];
                const uint16_t *b = bp + (size_t)q * NR * 2 + 2 * col;
                s += from_bf16((uint16_t)a) * from_bf16(b[0]) + from_bf16((uint16_t)(a >> 16)) * from_bf16(b[1]);
            }
            float *dst = c + (size_t)r * ldc + col;
            *dst = accumulate ? *dst + s : bias ? bias[col] + s : s;
        }
}

/// The epilogue on rows [row, row + rows) of C, once their sums are final.
static void epilogue_rows(int epilogue, float *c, int ldc, float *aux, int row, int rows, int n) {
    for (int r = row; r < row + rows; r++) {
        float *cr = c + (size_t)r * ldc, *xr = aux + (size_t)r * ldc;
        if (epilogue == WB_EPILOGUE_GELU) wb_unary(WB_GELU, cr, xr, (size_t)n);
        else if (epilogue == WB_EPILOGUE_GELU_GRAD) wb_gelu_backward_inplace(xr, cr, (size_t)n);
    }
}

void wb_gemm_bf16(const float *a, long rs, long cs, int r0, int r1, int m, const uint16_t *packed, int n, int k,
                  float *c, int ldc, int accumulate, const float *bias, int epilogue, float *aux, int portable) {
    const int pairs = (k + 1) / 2, panels = (n + NR - 1) / NR;
    const int fast = !portable && wb_bf16_supported();
    if (r1 > m) r1 = m;
    uint32_t ap[MR * KC];
    for (int q0 = 0; q0 < pairs; q0 += KC) {
        const int qn = pairs - q0 < KC ? pairs - q0 : KC;
        const int acc = accumulate || q0 > 0;
        const int last = q0 + qn >= pairs;
        for (int row = r0; row < r1; row += MR) {
            const int rows = (r1 - row) < MR ? (r1 - row) : MR;
            long ars = qn, aqs = 1;
            if (fast && cs == 1) pack_a_rows(a, rs, row, rows, k, q0, qn, ap);
            else if (fast && rs == 1) { pack_a_cols(a, cs, row, rows, k, q0, qn, ap); ars = 1; aqs = MR; }
            else pack_a_scalar(a, rs, cs, row, rows, k, q0, qn, ap);
            for (int p = 0; p < panels; p++) {
                const int cols = (n - p * NR) < NR ? (n - p * NR) : NR;
                const uint16_t *bp = packed + ((size_t)p * pairs + q0) * NR * 2;
                float *dst = c + (size_t)row * ldc + p * NR;
                const float *bb = bias ? bias + p * NR : NULL;
                if (fast) kernel_avx512(ap, ars, aqs, bp, qn, dst, ldc, rows, cols, acc, bb);
                else kernel_portable(ap, ars, aqs, bp, qn, dst, ldc, rows, cols, acc, bb);
            }
            if (last && epilogue != WB_EPILOGUE_NONE) epilogue_rows(epilogue, c, ldc, aux, row, rows, n);
        }
    }
}
