// Optimizer kernels: AdamW in torch's exact operation order, sums of squares for gradient clipping,
// and row-gradient helpers. Compiled for AVX-512 / AVX2 / baseline through target_clones, like kernels.c.
#include "wb_optim.h"

#include <math.h>
#include <string.h>

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#pragma clang fp reassociate(on)

// ---- AdamW -----------------------------------------------------------------------------------------

/// The update of one span; `has_grad` is a constant after inlining (0: a zero gradient).
/// Reassociation and contraction are switched off here: each line rounds exactly as the torch op it
/// mirrors (mul_, lerp_ = fma(w, end - self, self), mul_ + addcmul_, sqrt / div / add_, addcdiv_).
static inline __attribute__((always_inline)) void adamw_span(
    float *restrict p, const float *restrict grad, float *restrict m, float *restrict v, size_t n,
    const wb_adamw_scalars *s, int has_grad
) {
#pragma clang fp reassociate(off) contract(off)
    const float gs = s->grad_scale, decay = s->decay, w1 = s->one_minus_beta1, b2 = s->beta2;
    const float c2 = s->one_minus_beta2, neg_step = s->neg_step_size, bc2 = s->bias_correction2_sqrt;
    const float eps = s->eps;
    for (size_t i = 0; i < n; i++) {
        float g = has_grad ? grad[i] * gs : 0.0f;
        float pi = p[i] * decay;
        float mi = __builtin_fmaf(w1, g - m[i], m[i]);
        float vi = v[i] * b2;
        vi = vi + c2 * g * g;
        float denom = __builtin_sqrtf(vi) / bc2;
        denom = denom + eps;
        pi = pi + neg_step * mi / denom;
        m[i] = mi; v[i] = vi; p[i] = pi;
    }
}

CLONES void wb_adamw(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, size_t n,
                     const wb_adamw_scalars *s) {
    if (grad) adamw_span(param, grad, exp_avg, exp_avg_sq, n, s, 1);
    else adamw_span(param, NULL, exp_avg, exp_avg_sq, n, s, 0);
}

CLONES void wb_adamw_rows(float *param, float *exp_avg, float *exp_avg_sq, size_t lo, size_t hi, size_t cols,
                          const int32_t *slot, const float *summed, const wb_adamw_scalars *s) {
    // runs of rows without a gradient are updated as one span
    size_t r = lo;
    while (r < hi) {
        size_t o = r * cols;
        if (slot[r] >= 0) {
            adamw_span(param + o, summed + (size_t)slot[r] * cols, exp_avg + o, exp_avg_sq + o, cols, s, 1);
            r++;
        } else {
            size_t e = r + 1;
            while (e < hi && slot[e] < 0) e++;
            adamw_span(param + o, NULL, exp_avg + o, exp_avg_sq + o, (e - r) * cols, s, 0);
            r = e;
        }
    }
}

CLONES void wb_adamw_lazy_rows(float *param, float *exp_avg, float *exp_avg_sq, size_t lo, size_t hi, size_t cols,
                               const int32_t *unique, const int32_t *state, const float *summed,
                               const wb_adamw_scalars *s) {
    for (size_t i = lo; i < hi; i++) {
        size_t so = (size_t)state[i] * cols;
        adamw_span(param + (size_t)unique[i] * cols, summed + i * cols, exp_avg + so, exp_avg_sq + so, cols, s, 1);
    }
}

// ---- norms ------------------------------------------------------------------------------------------

CLONES double wb_sum_squares(const float *x, size_t n) {
    // float partial sums over short blocks keep the vector width; blocks are added in double
    double total = 0;
    size_t i = 0;
    for (; i + 256 <= n; i += 256) {
        float acc = 0;
        for (size_t j = 0; j < 256; j++) acc += x[i + j] * x[i + j];
        total += acc;
    }
    for (; i < n; i++) total += (double)x[i] * x[i];
    return total;
}

// ---- row gradients ------------------------------------------------------------------------------------

size_t wb_coalesce_rows(const int32_t *indices, size_t n, const float *values, size_t cols, int32_t *slot,
                        int32_t *unique, float *summed) {
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t r = indices[i];
        const float *src = values + i * cols;
        if (slot[r] < 0) {
            slot[r] = (int32_t)u;
            unique[u] = r;
            memcpy(summed + u * cols, src, cols * sizeof(float));
            u++;
        } else {
            float *dst = summed + (size_t)slot[r] * cols;
            for (size_t c = 0; c < cols; c++) dst[c] += src[c];
        }
    }
    return u;
}

CLONES void wb_scale(float *y, const float *x, size_t n, float a) {
    for (size_t i = 0; i < n; i++) y[i] = a * x[i];
}

CLONES void wb_axpy(float *y, const float *x, size_t n, float a) {
#pragma clang fp contract(off)
    for (size_t i = 0; i < n; i++) y[i] = y[i] + a * x[i];
}
