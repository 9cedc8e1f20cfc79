// Optimizer kernels for the Training module (reached through Tensors' FusedUpdate): the AdamW update,
// sums of squares for the global gradient norm, and helpers to coalesce and accumulate row gradients.
// All arrays are contiguous row-major float32. Functions that take [lo, hi) process that slice of rows
// so the caller can split work across threads.
#ifndef WB_OPTIM_H
#define WB_OPTIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The per-step scalars of one AdamW update, each rounded to float32 the way torch rounds a Python
/// float scalar applied to a float32 tensor.
typedef struct {
    float grad_scale;             // gradients are multiplied by this first (clip coefficient; 1 = none)
    float decay;                  // 1 - lr * weight_decay (1 = no decay)
    float one_minus_beta1;        // lerp weight of the first moment
    float beta2;
    float one_minus_beta2;
    float neg_step_size;          // -lr / (1 - beta1^t)
    float bias_correction2_sqrt;  // (1 - beta2^t)^0.5
    float eps;
} wb_adamw_scalars;

/// One AdamW step over n elements, in torch's order (torch.optim.AdamW, single-tensor path):
///   g = grad * grad_scale; p *= decay; m = lerp(m, g, 1 - beta1) (fused multiply-add as torch's vector lerp);
///   v = v * beta2 + (1 - beta2) * g * g; p += neg_step_size * m / (sqrt(v) / bias_correction2_sqrt + eps).
/// `grad` may be NULL: a zero gradient (moments still decay).
void wb_adamw(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, size_t n,
              const wb_adamw_scalars *s);

/// The same update for rows [lo, hi) of a [rows, cols] table whose gradient is sparse: row r's gradient is
/// row `slot[r]` of `summed` ([unique, cols]) when slot[r] >= 0, else zero. Equal, bit for bit, to wb_adamw
/// on the densified gradient.
void wb_adamw_rows(float *param, float *exp_avg, float *exp_avg_sq, size_t lo, size_t hi, size_t cols,
                   const int32_t *slot, const float *summed, const wb_adamw_scalars *s);

/// The same update on listed rows only ("lazy" rows, as torch.optim.SparseAdam treats a sparse gradient): for
/// i in [lo, hi), row unique[i] of param ([rows, cols]) takes gradient row i of summed and keeps its moments in
/// row state[i] of exp_avg / exp_avg_sq ([*, cols]). Rows not listed, and their moments, are left untouched.
void wb_adamw_lazy_rows(float *param, float *exp_avg, float *exp_avg_sq, size_t lo, size_t hi, size_t cols,
                        const int32_t *unique, const int32_t *state, const float *summed, const wb_adamw_scalars *s);

/// Σ x[i]² accumulated in double.
double wb_sum_squares(const float *x, size_t n);

/// Sums the rows of a row gradient that share an index, in order of first appearance.
/// indices [n], values [n, cols]; slot [table rows] must hold -1 on entry and on return maps each touched
/// row to its position in unique / summed (others stay -1). unique [n], summed [n, cols] receive the
/// distinct indices and their summed rows (rows added in order of appearance, as index_add_ does).
/// Returns the number of distinct indices.
size_t wb_coalesce_rows(const int32_t *indices, size_t n, const float *values, size_t cols, int32_t *slot,
                        int32_t *unique, float *summed);

/// y = a * x.
void wb_scale(float *y, const float *x, size_t n, float a);
/// y += a * x (computed as y + (a * x)).
void wb_axpy(float *y, const float *x, size_t n, float a);

#ifdef __cplusplus
}
#endif

#endif
