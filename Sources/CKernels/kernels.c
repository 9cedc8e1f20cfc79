// Numeric kernels for the Tensors module. Hot loops are compiled for AVX-512 / AVX2 / baseline
// through target_clones and dispatched at load time; the approximations of exp and erf are
// branch-free so they vectorise, and tests pin them against libm.
#include "wb_kernels.h"

#include <float.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#pragma clang fp reassociate(on)

// ---- scalar building blocks (inlined into the vector loops) -----------------------------------

/// exp(x) with relative error below 2e-7 on [-87, 88]; 0 below, clamped above.
static inline float fast_exp(float x) {
    x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
    const float log2e = 1.44269504088896341f;
    float n = __builtin_floorf(x * log2e + 0.5f);
    float r = x - n * 0.693145751953125f; // ln2 split in two parts for an exact reduction
    r = r - n * 1.428606765330187045e-06f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/// erf(x) from the Chebyshev fit of erfc (fractional error < 1.2e-7), branch-free.
static inline float fast_erf(float x) {
    float z = __builtin_fabsf(x);
    float t = 1.0f / (1.0f + 0.5f * z);
    float poly = -1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
                 t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f +
                 t * (-0.82215223f + t * 0.17087277f))))))));
    float erfc = t * fast_exp(-z * z + poly);
    float r = 1.0f - erfc;
    return x < 0 ? -r : r;
}

float wb_fast_exp(float x) { return fast_exp(x); }
float wb_erf(float x) { return fast_erf(x); }

static inline float gelu(float x) { return 0.5f * x * (1.0f + fast_erf(x * 0.70710678118654752f)); }

static inline float fast_tanh(float x) {
    float c = x > 9.0f ? 9.0f : (x < -9.0f ? -9.0f : x);
    // small |x| loses relative precision through exp; use the odd series there
    float e = fast_exp(2.0f * c);
    float big = (e - 1.0f) / (e + 1.0f);
    float x2 = c * c;
    float small = c * (1.0f + x2 * (-0.33333333f + x2 * (0.13333333f + x2 * (-0.05396825f))));
    return __builtin_fabsf(c) < 0.03f ? small : big;
}

// ---- element-wise ----------------------------------------------------------------------------

CLONES static void binary_contiguous(int op, const float *a, int64_t sa, const float *b, int64_t sb, float *out,
                                     int64_t n) {
    // sa, sb are 1 (walk) or 0 (broadcast a scalar along this innermost axis)
    switch (op) {
    case WB_ADD: for (int64_t i = 0; i < n; i++) out[i] = a[i * sa] + b[i * sb]; break;
    case WB_SUB: for (int64_t i = 0; i < n; i++) out[i] = a[i * sa] - b[i * sb]; break;
    case WB_MUL: for (int64_t i = 0; i < n; i++) out[i] = a[i * sa] * b[i * sb]; break;
    default:     for (int64_t i = 0; i < n; i++) out[i] = a[i * sa] / b[i * sb]; break;
    }
}

void wb_binary(int op, int ndim, const int64_t *shape, const float *a, const int64_t *astrides, const float *b,
               const int64_t *bstrides, float *out) {
    if (ndim == 0) { binary_contiguous(op, a, 0, b, 0, out, 1); return; }
    int64_t inner = shape[ndim - 1];
    int64_t outer = 1;
    for (int d = 0; d < ndim - 1; d++) outer *= shape[d];
    int64_t idx[8] = {0};
    int64_t ao = 0, bo = 0;
    for (int64_t o = 0; o < outer; o++) {
        binary_contiguous(op, a + ao, astrides[ndim - 1], b + bo, bstrides[ndim - 1], out + o * inner, inner);
        for (int d = ndim - 2; d >= 0; d--) { // odometer over the outer axes
            idx[d]++; ao += astrides[d]; bo += bstrides[d];
            if (idx[d] < shape[d]) break;
            ao -= astrides[d] * shape[d]; bo -= bstrides[d] * shape[d]; idx[d] = 0;
        }
    }
}

CLONES static void add_strided(float *out, int64_t so, const float *in, int64_t n) {
    if (so == 0) { float s = 0; for (int64_t i = 0; i < n; i++) s += in[i]; out[0] += s; }
    else for (int64_t i = 0; i < n; i++) out[i] += in[i];
}

void wb_sum_to(int ndim, const int64_t *shape, const float *in, const int64_t *outstrides, float *out) {
    if (ndim == 0) { out[0] += in[0]; return; }
    int64_t inner = shape[ndim - 1];
    int64_t outer = 1;
    for (int d = 0; d < ndim - 1; d++) outer *= shape[d];
    int64_t idx[8] = {0};
    int64_t oo = 0;
    for (int64_t o = 0; o < outer; o++) {
        add_strided(out + oo, outstrides[ndim - 1], in + o * inner, inner);
        for (int d = ndim - 2; d >= 0; d--) {
            idx[d]++; oo += outstrides[d];
            if (idx[d] < shape[d]) break;
            oo -= outstrides[d] * shape[d]; idx[d] = 0;
        }
    }
}

CLONES void wb_unary(int op, const float *x, float *y, size_t n) {
    switch (op) {
    case WB_EXP: for (size_t i = 0; i < n; i++) y[i] = fast_exp(x[i]); break;
    case WB_LOG: for (size_t i = 0; i < n; i++) y[i] = logf(x[i]); break;
    case WB_SQRT: for (size_t i = 0; i < n; i++) y[i] = sqrtf(x[i]); break;
    case WB_RSQRT: for (size_t i = 0; i < n; i++) y[i] = 1.0f / sqrtf(x[i]); break;
    case WB_TANH: for (size_t i = 0; i < n; i++) y[i] = fast_tanh(x[i]); break;
    case WB_GELU: for (size_t i = 0; i < n; i++) y[i] = gelu(x[i]); break;
    default: for (size_t i = 0; i < n; i++) y[i] = -x[i]; break;
    }
}

/// d(gelu)/dx = Φ(x) + x·φ(x).
static inline float gelu_grad(float v) {
    const float inv_sqrt2 = 0.70710678118654752f, inv_sqrt2pi = 0.39894228040143268f;
    float cdf = 0.5f * (1.0f + fast_erf(v * inv_sqrt2));
    float pdf = inv_sqrt2pi * fast_exp(-0.5f * v * v);
    return cdf + v * pdf;
}

CLONES void wb_gelu_backward(const float *x, const float *gy, float *gx, size_t n) {
    for (size_t i = 0; i < n; i++) gx[i] = gy[i] * gelu_grad(x[i]);
}

// restrict: written in place, the loop of wb_gelu_backward would fail its overlap check and run scalar.
CLONES void wb_gelu_backward_inplace(const float *restrict x, float *restrict g, size_t n) {
    for (size_t i = 0; i < n; i++) g[i] = g[i] * gelu_grad(x[i]);
}

CLONES void wb_affine(const float *x, float *y, size_t n, float a, float b) {
    for (size_t i = 0; i < n; i++) y[i] = a * x[i] + b;
}

CLONES void wb_accumulate(float *y, const float *x, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] += x[i];
}

// ---- row-wise ---------------------------------------------------------------------------------

CLONES void wb_softmax_rows(const float *x, float *y, size_t lo, size_t hi, size_t cols) {
    for (size_t r = lo; r < hi; r++) {
        const float *xr = x + r * cols; float *yr = y + r * cols;
        float m = -INFINITY;
        for (size_t c = 0; c < cols; c++) m = xr[c] > m ? xr[c] : m;
        float s = 0;
        for (size_t c = 0; c < cols; c++) { float e = fast_exp(xr[c] - m); yr[c] = e; s += e; }
        float inv = 1.0f / s;
        for (size_t c = 0; c < cols; c++) yr[c] *= inv;
    }
}

CLONES void wb_softmax_rows_backward(const float *y, const float *gy, float *gx, size_t lo, size_t hi, size_t cols) {
    for (size_t r = lo; r < hi; r++) {
        const float *yr = y + r * cols, *gr = gy + r * cols; float *xr = gx + r * cols;
        float dot = 0;
        for (size_t c = 0; c < cols; c++) dot += yr[c] * gr[c];
        for (size_t c = 0; c < cols; c++) xr[c] = yr[c] * (gr[c] - dot);
    }
}

CLONES void wb_log_softmax_rows(const float *x, float *y, size_t lo, size_t hi, size_t cols) {
    for (size_t r = lo; r < hi; r++) {
        const float *xr = x + r * cols; float *yr = y + r * cols;
        float m = -INFINITY;
        for (size_t c = 0; c < cols; c++) m = xr[c] > m ? xr[c] : m;
        float s = 0;
        for (size_t c = 0; c < cols; c++) s += fast_exp(xr[c] - m);
        float lse = m + logf(s);
        for (size_t c = 0; c < cols; c++) yr[c] = xr[c] - lse;
    }
}

CLONES void wb_log_softmax_rows_backward(const float *y, const float *gy, float *gx, size_t lo, size_t hi,
                                         size_t cols) {
    for (size_t r = lo; r < hi; r++) {
        const float *yr = y + r * cols, *gr = gy + r * cols; float *xr = gx + r * cols;
        float s = 0;
        for (size_t c = 0; c < cols; c++) s += gr[c];
        for (size_t c = 0; c < cols; c++) xr[c] = gr[c] - fast_exp(yr[c]) * s;
    }
}

CLONES void wb_layer_norm(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd,
                          size_t lo, size_t hi, size_t cols, float eps) {
    for (size_t r = lo; r < hi; r++) {
        const float *xr = x + r * cols; float *yr = y + r * cols;
        float s = 0;
        for (size_t c = 0; c < cols; c++) s += xr[c];
        float mu = s / (float)cols;
        float v = 0;
        for (size_t c = 0; c < cols; c++) { float d = xr[c] - mu; v += d * d; }
        float rs = 1.0f / sqrtf(v / (float)cols + eps);
        for (size_t c = 0; c < cols; c++) yr[c] = (xr[c] - mu) * rs * gamma[c] + beta[c];
        if (mean) mean[r] = mu;
        if (rstd) rstd[r] = rs;
    }
}

CLONES void wb_add_layer_norm(const float *a, const float *r, float *s, const float *gamma, const float *beta,
                              float *y, float *mean, float *rstd, size_t lo, size_t hi, size_t cols, float eps) {
    for (size_t row = lo; row < hi; row++) {
        const float *ar = a + row * cols, *rr = r + row * cols; float *sr = s + row * cols;
        for (size_t c = 0; c < cols; c++) sr[c] = ar[c] + rr[c];
        wb_layer_norm(s, gamma, beta, y, mean, rstd, row, row + 1, cols, eps);  // the same rounding as unfused
    }
}

CLONES void wb_layer_norm_backward(const float *x, const float *gamma, const float *mean, const float *rstd,
                                   const float *gy, float *gx, float *dgamma, float *dbeta, size_t lo, size_t hi,
                                   size_t cols) {
    for (size_t r = lo; r < hi; r++) {
        const float *xr = x + r * cols, *gr = gy + r * cols; float *dx = gx + r * cols;
        float mu = mean[r], rs = rstd[r];
        float sum_g = 0, sum_gx = 0; // sums of (gy*gamma) and (gy*gamma*xhat)
        for (size_t c = 0; c < cols; c++) {
            float xhat = (xr[c] - mu) * rs;
            float g = gr[c] * gamma[c];
            sum_g += g; sum_gx += g * xhat;
            dgamma[c] += gr[c] * xhat;
            dbeta[c] += gr[c];
        }
        float inv_n = 1.0f / (float)cols;
        for (size_t c = 0; c < cols; c++) {
            float xhat = (xr[c] - mu) * rs;
            dx[c] = rs * (gr[c] * gamma[c] - inv_n * sum_g - xhat * inv_n * sum_gx);
        }
    }
}

CLONES void wb_l2_normalize_rows(const float *x, float *y, float *norms, size_t lo, size_t hi, size_t cols,
                                 float eps) {
    for (size_t r = lo; r < hi; r++) {
        const float *xr = x + r * cols; float *yr = y + r * cols;
        float s = 0;
        for (size_t c = 0; c < cols; c++) s += xr[c] * xr[c];
        float n = sqrtf(s);
        norms[r] = n;
        float inv = 1.0f / (n > eps ? n : eps);
        for (size_t c = 0; c < cols; c++) yr[c] = xr[c] * inv;
    }
}

CLONES void wb_l2_normalize_rows_backward(const float *y, const float *norms, const float *gy, float *gx, size_t lo,
                                          size_t hi, size_t cols, float eps) {
    for (size_t r = lo; r < hi; r++) {
        const float *yr = y + r * cols, *gr = gy + r * cols; float *xr = gx + r * cols;
        float n = norms[r];
        if (n > eps) {
            float dot = 0;
            for (size_t c = 0; c < cols; c++) dot += yr[c] * gr[c];
            float inv = 1.0f / n;
            for (size_t c = 0; c < cols; c++) xr[c] = (gr[c] - yr[c] * dot) * inv;
        } else { // y = x / eps is linear there
            float inv = 1.0f / eps;
            for (size_t c = 0; c < cols; c++) xr[c] = gr[c] * inv;
        }
    }
}

void wb_broadcast_rows(const float *bias, float *out, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) memcpy(out + r * cols, bias, cols * sizeof(float));
}

CLONES void wb_sum_rows(const float *x, float *out, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        for (size_t c = 0; c < cols; c++) out[c] += xr[c];
    }
}

// ---- reductions -------------------------------------------------------------------------------

CLONES void wb_reduce_sum(const float *x, float *y, size_t outer, size_t n, size_t inner) {
    for (size_t o = 0; o < outer; o++) {
        float *yo = y + o * inner;
        for (size_t j = 0; j < inner; j++) yo[j] = 0;
        for (size_t i = 0; i < n; i++) {
            const float *xi = x + (o * n + i) * inner;
            for (size_t j = 0; j < inner; j++) yo[j] += xi[j];
        }
    }
}

void wb_reduce_max(const float *x, float *y, int32_t *argmax, size_t outer, size_t n, size_t inner) {
    for (size_t o = 0; o < outer; o++) {
        for (size_t j = 0; j < inner; j++) {
            float best = -INFINITY; int32_t at = 0;
            for (size_t i = 0; i < n; i++) {
                float v = x[(o * n + i) * inner + j];
                if (v > best || (i == 0)) { best = v; at = (int32_t)i; }
            }
            y[o * inner + j] = best; argmax[o * inner + j] = at;
        }
    }
}

// ---- layout -------------------------------------------------------------------------------------

void wb_permute(int ndim, const int64_t *shape, const int32_t *perm, const float *x, float *out) {
    int64_t xstrides[8], oshape[8], ostr_in_x[8];
    int64_t s = 1;
    for (int d = ndim - 1; d >= 0; d--) { xstrides[d] = s; s *= shape[d]; }
    for (int d = 0; d < ndim; d++) { oshape[d] = shape[perm[d]]; ostr_in_x[d] = xstrides[perm[d]]; }
    int64_t total = s;
    int64_t idx[8] = {0};
    int64_t off = 0;
    int64_t inner = ndim > 0 ? oshape[ndim - 1] : 1, istride = ndim > 0 ? ostr_in_x[ndim - 1] : 1;
    for (int64_t o = 0; o < total; o += inner) {
        for (int64_t i = 0; i < inner; i++) out[o + i] = x[off + i * istride];
        for (int d = ndim - 2; d >= 0; d--) {
            idx[d]++; off += ostr_in_x[d];
            if (idx[d] < oshape[d]) break;
            off -= ostr_in_x[d] * oshape[d]; idx[d] = 0;
        }
    }
}

void wb_gather_rows(const float *table, const int32_t *ids, size_t n, size_t cols, float *out) {
    for (size_t i = 0; i < n; i++) memcpy(out + i * cols, table + (size_t)ids[i] * cols, cols * sizeof(float));
}

CLONES void wb_scatter_add_rows(float *table, const int32_t *ids, size_t n, size_t cols, const float *g) {
    for (size_t i = 0; i < n; i++) {
        float *row = table + (size_t)ids[i] * cols; const float *gi = g + i * cols;
        for (size_t c = 0; c < cols; c++) row[c] += gi[c];
    }
}

// ---- dropout ------------------------------------------------------------------------------------

static inline uint64_t splitmix64(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline float uniform(uint64_t seed, uint64_t index) {
    return (float)(splitmix64(seed ^ splitmix64(index)) >> 40) * (1.0f / 16777216.0f);
}

float wb_uniform(uint64_t seed, uint64_t index) { return uniform(seed, index); }

CLONES void wb_dropout(const float *x, float *y, size_t n, float p, uint64_t seed, uint64_t offset) {
    float scale = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++) y[i] = uniform(seed, offset + i) >= p ? x[i] * scale : 0.0f;
}

// ---- attention ----------------------------------------------------------------------------------

enum { VW = 16 }; // floats per chunk kept in registers (one zmm, two ymm)

/// Head h of sequence b as [D, ld] (feature-major, columns L ..< ld zero), so score rows vectorise over keys:
/// t[d·ld + j] = x[row s0 + j, h, d].
static inline void head_transposed(const float *x, size_t s0, size_t L, size_t ld, size_t HD, size_t hD, size_t D,
                                   float *t) {
    for (size_t j = 0; j < L; j++) {
        const float *xj = x + (s0 + j) * HD + hD;
        for (size_t d = 0; d < D; d++) t[d * ld + j] = xj[d];
    }
    for (size_t d = 0; d < D; d++)
        for (size_t j = L; j < ld; j++) t[d * ld + j] = 0;
}

/// 16 floats as one value: a zmm register in the AVX-512 clone, two ymm in the AVX2 one, four xmm elsewhere (the
/// compiler lowers it for each clone; the loop vectoriser does not have to guess which loop to vectorise).
typedef float v16f __attribute__((vector_size(64), aligned(4)));

static inline v16f load16(const float *p) { v16f v; memcpy(&v, p, sizeof v); return v; }
static inline void store16(float *p, v16f v) { memcpy(p, &v, sizeof v); }

/// dst[j] = Σ_d a[d]·t[d·ld + j] for j < n (t zero-padded to ld, a multiple of 16), each summed in d order.
static inline void dot_columns(const float *a, const float *t, size_t ld, size_t n, size_t D, float *dst) {
    for (size_t j0 = 0; j0 < n; j0 += VW) {
        v16f acc = {0};
        for (size_t d = 0; d < D; d++) acc += a[d] * load16(t + d * ld + j0);
        if (n - j0 >= VW) {
            store16(dst + j0, acc);
        } else {
            float tail[VW];
            store16(tail, acc);
            for (size_t jj = 0; jj < n - j0; jj++) dst[j0 + jj] = tail[jj];
        }
    }
}

/// out[d] = out[d] (or 0) + Σ_j w[j]·x[j·stride + d] for d < D, each summed in j order, 16 features at a time.
static inline void weighted_rows(const float *w, const float *x, size_t stride, size_t n, size_t D, float *out,
                                 int accumulate) {
    size_t d0 = 0;
    for (; d0 + VW <= D; d0 += VW) {
        v16f acc = accumulate ? load16(out + d0) : (v16f){0};
        for (size_t j = 0; j < n; j++) acc += w[j] * load16(x + j * stride + d0);
        store16(out + d0, acc);
    }
    for (; d0 < D; d0++) {
        float a = accumulate ? out[d0] : 0.0f;
        for (size_t j = 0; j < n; j++) a += w[j] * x[j * stride + d0];
        out[d0] = a;
    }
}

CLONES void wb_attention_forward(const float *q, const float *k, const float *v, const float *key_mask,
                                 const float *bias, float *probs, float *out, const size_t *start, const size_t *len,
                                 const size_t *pstart, size_t lo, size_t hi, size_t T, size_t H, size_t D, float scale,
                                 float p, uint64_t seed, float *scratch) {
    const size_t HD = H * D;
    const float keep_scale = p > 0 ? 1.0f / (1.0f - p) : 1.0f;
    for (size_t bh = lo; bh < hi; bh++) {
        const size_t b = bh / H, h = bh % H, L = len[b], s0 = start[b], ld = (L + VW - 1) / VW * VW;
        float *kt = scratch, *pd = kt + D * ld; // [D, ld], [L]: Kᵀ of the head, a row's kept probabilities
        const float *mask = key_mask ? key_mask + b * T : NULL;
        float *P = probs + pstart[b] + h * L * L;
        head_transposed(k, s0, L, ld, HD, h * D, D, kt);
        for (size_t i = 0; i < L; i++) {
            const float *qi = q + (s0 + i) * HD + h * D;
            float *row = P + i * L;
            const float *bi = bias ? bias + (h * T + i) * T : NULL; // [T] of the [H, T, T] bias
            dot_columns(qi, kt, ld, L, D, row); // row[j] = Σ_d q[i, d]·k[j, d]
            float m = -INFINITY;
            for (size_t j = 0; j < L; j++) {
                float s = row[j] * scale + (bi ? bi[j] : 0.0f);
                if (mask) s += mask[j] > 0.5f ? 0.0f : -FLT_MAX;
                row[j] = s;
                m = s > m ? s : m;
            }
            for (size_t j = 0; j < L; j++) row[j] = fast_exp(row[j] - m); // vectorised; summed in order below
            float sum = 0;
            for (size_t j = 0; j < L; j++) sum += row[j];
            float inv = 1.0f / sum;
            for (size_t j = 0; j < L; j++) row[j] *= inv;
            uint64_t base = (uint64_t)(bh * T + i) * T;
            if (p > 0)
                for (size_t j = 0; j < L; j++) pd[j] = uniform(seed, base + j) >= p ? row[j] * keep_scale : 0.0f;
            else
                for (size_t j = 0; j < L; j++) pd[j] = row[j];
            weighted_rows(pd, v + s0 * HD + h * D, HD, L, D, out + (s0 + i) * HD + h * D, 0); // out_i = Σ_j pd_j v_j
        }
    }
}

CLONES void wb_attention_backward(const float *q, const float *k, const float *v, const float *probs,
                                  const float *gout, float *gq, float *gk, float *gv, float *gscores,
                                  const size_t *start, const size_t *len, const size_t *pstart, size_t lo, size_t hi,
                                  size_t T, size_t H, size_t D, float scale, float p, uint64_t seed, float *scratch) {
    // gq, gk, gv must be zeroed by the caller for the (b, h) slices handled here.
    const size_t HD = H * D;
    const float keep_scale = p > 0 ? 1.0f / (1.0f - p) : 1.0f;
    for (size_t bh = lo; bh < hi; bh++) {
        const size_t b = bh / H, h = bh % H, L = len[b], s0 = start[b], ld = (L + VW - 1) / VW * VW;
        float *vt = scratch, *dP = vt + D * ld, *gov = dP + L, *keep = gov + L, *ds = keep + L; // [D, ld], 4 × [L]
        const float *P = probs + pstart[b] + h * L * L;
        head_transposed(v, s0, L, ld, HD, h * D, D, vt);
        for (size_t i = 0; i < L; i++) {
            const float *go = gout + (s0 + i) * HD + h * D;
            const float *row = P + i * L;
            uint64_t base = (uint64_t)(bh * T + i) * T;
            dot_columns(go, vt, ld, L, D, gov); // gov[j] = Σ_d dO[i, d]·v[j, d]
            // dropped probs: pd = P * keep * ks; out = pd · V
            for (size_t j = 0; j < L; j++) keep[j] = p > 0 ? (uniform(seed, base + j) >= p ? keep_scale : 0.0f) : 1.0f;
            float dot = 0;
            for (size_t j = 0; j < L; j++) {
                // dV_j += pd_ij * dO_i
                float pd = row[j] * keep[j];
                float *gvj = gv + (s0 + j) * HD + h * D;
                for (size_t d = 0; d < D; d++) gvj[d] += pd * go[d];
                dP[j] = gov[j] * keep[j]; // gradient w.r.t. the softmax output
                dot += dP[j] * row[j];
            }
            const float *qi = q + (s0 + i) * HD + h * D;
            float *gsi = gscores ? gscores + (bh * T + i) * T : NULL; // [T] of [B, H, T, T]
            for (size_t j = 0; j < L; j++) {
                float dscore = row[j] * (dP[j] - dot); // gradient w.r.t. the scaled, biased score
                if (gsi) gsi[j] = dscore;
                ds[j] = dscore * scale; // gradient w.r.t. the raw score q·k
            }
            weighted_rows(ds, k + s0 * HD + h * D, HD, L, D, gq + (s0 + i) * HD + h * D, 1); // dq_i += Σ_j ds_j k_j
            for (size_t j = 0; j < L; j++) {
                float *gkj = gk + (s0 + j) * HD + h * D;
                for (size_t d = 0; d < D; d++) gkj[d] += ds[j] * qi[d];
            }
        }
    }
}

// ---- memory ---------------------------------------------------------------------------------------------

void wb_release_free_memory(void) {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
