// Numeric kernels behind the Tensors module: element-wise maps, row-wise normalisations, attention.
// All arrays are contiguous row-major float32. Functions that take [lo, hi) process that slice of
// rows (or (batch, head) pairs) so the caller can split work across threads.
#ifndef WB_KERNELS_H
#define WB_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- element-wise, broadcasting ------------------------------------------------------------
enum { WB_ADD = 0, WB_SUB = 1, WB_MUL = 2, WB_DIV = 3 };
/// out[i] = a[i'] op b[i''] over `shape` (ndim <= 8); strides are in elements, 0 on broadcast axes.
void wb_binary(int op, int ndim, const int64_t *shape, const float *a, const int64_t *astrides,
               const float *b, const int64_t *bstrides, float *out);
/// out[j] += in[i] where j follows `outstrides` (0 on reduced axes); out must be zeroed first.
void wb_sum_to(int ndim, const int64_t *shape, const float *in, const int64_t *outstrides, float *out);

enum { WB_EXP = 0, WB_LOG = 1, WB_SQRT = 2, WB_RSQRT = 3, WB_TANH = 4, WB_GELU = 5, WB_NEG = 6 };
void wb_unary(int op, const float *x, float *y, size_t n);
/// gx = gy * d(gelu)/dx (exact erf GELU).
void wb_gelu_backward(const float *x, const float *gy, float *gx, size_t n);
/// g *= d(gelu)/dx in place (x and g must not overlap): the same values as wb_gelu_backward(x, g, g).
void wb_gelu_backward_inplace(const float *x, float *g, size_t n);
/// y = a * x + b (scalars).
void wb_affine(const float *x, float *y, size_t n, float a, float b);
/// y += x.
void wb_accumulate(float *y, const float *x, size_t n);
/// Reference functions for tests of the approximations.
float wb_fast_exp(float x);
float wb_erf(float x);

// ---- row-wise -------------------------------------------------------------------------------
/// y = softmax(x + mask) along rows of `cols`; mask (may be NULL) is [rows/mask_every, cols] of 0 / -inf-like.
void wb_softmax_rows(const float *x, float *y, size_t lo, size_t hi, size_t cols);
void wb_softmax_rows_backward(const float *y, const float *gy, float *gx, size_t lo, size_t hi, size_t cols);
void wb_log_softmax_rows(const float *x, float *y, size_t lo, size_t hi, size_t cols);
void wb_log_softmax_rows_backward(const float *y, const float *gy, float *gx, size_t lo, size_t hi, size_t cols);
/// y = (x - mean) * rstd * gamma + beta per row; writes mean and rstd per row (may be NULL).
void wb_layer_norm(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd,
                   size_t lo, size_t hi, size_t cols, float eps);
/// s = a + r, then y = layer_norm(s) as wb_layer_norm, row by row while s is in cache (residual + LayerNorm).
void wb_add_layer_norm(const float *a, const float *r, float *s, const float *gamma, const float *beta, float *y,
                       float *mean, float *rstd, size_t lo, size_t hi, size_t cols, float eps);
/// gx for rows [lo, hi); dgamma/dbeta partial sums are accumulated into the given buffers.
void wb_layer_norm_backward(const float *x, const float *gamma, const float *mean, const float *rstd,
                            const float *gy, float *gx, float *dgamma, float *dbeta, size_t lo, size_t hi,
                            size_t cols);
/// y = x / max(||x||, eps) per row; writes the norm per row.
void wb_l2_normalize_rows(const float *x, float *y, float *norms, size_t lo, size_t hi, size_t cols, float eps);
void wb_l2_normalize_rows_backward(const float *y, const float *norms, const float *gy, float *gx, size_t lo,
                                   size_t hi, size_t cols, float eps);
/// out[r, c] = bias[c] for rows [0, rows).
void wb_broadcast_rows(const float *bias, float *out, size_t rows, size_t cols);
/// out[c] += sum_r x[r, c].
void wb_sum_rows(const float *x, float *out, size_t rows, size_t cols);

// ---- reductions along one axis of [outer, n, inner] ----------------------------------------
void wb_reduce_sum(const float *x, float *y, size_t outer, size_t n, size_t inner);
/// max and the index of the (first) max along the middle axis.
void wb_reduce_max(const float *x, float *y, int32_t *argmax, size_t outer, size_t n, size_t inner);

// ---- layout -----------------------------------------------------------------------------------
/// out = permute(x) with x of shape `shape` (ndim <= 8); out's axis i is x's axis perm[i].
void wb_permute(int ndim, const int64_t *shape, const int32_t *perm, const float *x, float *out);
/// Copies rows of `cols` from table[ids[i]] into out[i]. Ids were checked by the caller.
void wb_gather_rows(const float *table, const int32_t *ids, size_t n, size_t cols, float *out);
/// table[ids[i]] += g[i] for all i.
void wb_scatter_add_rows(float *table, const int32_t *ids, size_t n, size_t cols, const float *g);

// ---- dropout ----------------------------------------------------------------------------------
/// Deterministic uniform in [0, 1) for (seed, index): the same on every run and machine.
float wb_uniform(uint64_t seed, uint64_t index);
/// y = x * keep / (1 - p) where keep = uniform(seed, offset + i) >= p.
void wb_dropout(const float *x, float *y, size_t n, float p, uint64_t seed, uint64_t offset);

// ---- attention ------------------------------------------------------------------------------
/// Scaled dot-product attention for (sequence, head) pairs bh = b·H + h in [lo, hi), sequences of any lengths.
/// Sequence b is rows start[b] ..< start[b] + len[b] of q, k, v, out ([rows, H*D], heads interleaved as BERT's
/// linear layers produce them): a padded batch [B, T, H*D] has start[b] = b·T, len[b] = T; a packed one its
/// sequences back to back. key_mask: [B, T] with 1 for real tokens and 0 for padding, or NULL (every key of a
/// sequence is a token); probs of (b, h): len[b]² values at probs + pstart[b] + h·len[b]² (kept for backward).
/// bias: [H, T, T] added to the scores after scaling and before the mask and softmax (MPNet's relative position
/// bias), or NULL for none; T is the longest length. Dropout with probability p (0 = off) on the probabilities,
/// from (seed, ((b·H + h)·T + i)·T + j), so a sequence draws the same masks packed or padded.
/// scratch: (D + 1)·T + 16·D floats.
void wb_attention_forward(const float *q, const float *k, const float *v, const float *key_mask, const float *bias,
                          float *probs, float *out, const size_t *start, const size_t *len, const size_t *pstart,
                          size_t lo, size_t hi, size_t T, size_t H, size_t D, float scale, float p, uint64_t seed,
                          float *scratch);
/// The gradients of wb_attention_forward. gscores: [B, H, T, T], the gradient w.r.t. the pre-softmax scores
/// (= w.r.t. the bias, per batch row; the caller sums over B; entries beyond a sequence's length untouched),
/// or NULL when the bias needs none. scratch: (D + 4)·T + 16·D floats.
void wb_attention_backward(const float *q, const float *k, const float *v, const float *probs, const float *gout,
                           float *gq, float *gk, float *gv, float *gscores, const size_t *start, const size_t *len,
                           const size_t *pstart, size_t lo, size_t hi, size_t T, size_t H, size_t D, float scale,
                           float p, uint64_t seed, float *scratch);

// ---- bf16 matrix products (fp32 accumulation) ----------------------------------------------------------
/// uint16 elements a packed weight matrix of n rows × k columns takes (panels of 32 rows, k in pairs).
size_t wb_bf16_packed_size(int n, int k);
/// Packs panels [p0, p1) of W [n, k] (element (j, kk) at w[j * rs + kk * cs]: a Linear weight [out, in] has rs = in,
/// cs = 1; its transpose rs = 1, cs = in) into bf16 panels of 32 columns, rounding to nearest even. portable = 1
/// forces the scalar packing (the same bytes).
void wb_bf16_pack(const float *w, long rs, long cs, int n, int k, int p0, int p1, uint16_t *out, int portable);
/// 1 when the CPU has AVX-512 BF16 (vdpbf16ps).
int wb_bf16_supported(void);
/// What wb_gemm_bf16 does to each block of finished rows of C while it is still in cache.
enum {
    WB_EPILOGUE_NONE = 0,
    WB_EPILOGUE_GELU = 1,       // aux[i, j] = gelu(C[i, j]) (aux has C's layout); C keeps the pre-activation
    WB_EPILOGUE_GELU_GRAD = 2,  // C[i, j] = C[i, j] · gelu'(aux[i, j]), as wb_gelu_backward_inplace(aux, C)
};
/// Rows [r0, r1) of C[m, n] = A[m, k] · Wᵀ (+ C when accumulate, + bias[j] when bias is not NULL: added where C
/// would be, so bias = b is bit-identical to C preset to b with accumulate), A's element (i, kk) at
/// a[i * rs + kk * cs], rounded to bf16 as it is packed; fp32 sums. Then `epilogue` (WB_EPILOGUE_*) on each
/// finished 8-row block, with the same element-wise kernels a separate pass would use. portable = 1 forces the
/// scalar loop (same bf16 inputs, fp32 products and sums).
void wb_gemm_bf16(const float *a, long rs, long cs, int r0, int r1, int m, const uint16_t *packed, int n, int k,
                  float *c, int ldc, int accumulate, const float *bias, int epilogue, float *aux, int portable);

// ---- memory ----------------------------------------------------------------------------------------------
/// Hands the heap's free pages back to the system (glibc's malloc_trim; nothing elsewhere).
void wb_release_free_memory(void);

#ifdef __cplusplus
}
#endif
#endif
