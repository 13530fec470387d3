// Scaled dot-product attention, composed from ATen ops in one call: the math of PyTorch 2.x's
// torch.nn.functional.scaled_dot_product_attention (libtorch 1.13 has no public fused op), differentiable through
// autograd. query (..., L, E), key (..., S, E), value (..., S, Ev); attn_mask broadcasts to (..., L, S) and is either
// boolean (true = may attend) or added to the scores. The managed side checks the arguments' combinations.
#include "common.h"
#include <cmath>
#include <limits>

// Writes the output (..., L, Ev) and, when `weights` is not null, the attention weights (..., L, S) after the
// softmax and before dropout.
KN_API int32_t kn_scaled_dot_product_attention(kn_tensor query, kn_tensor key, kn_tensor value, kn_tensor attn_mask,
                                               double dropout_p, int32_t is_causal, double scale, int32_t has_scale,
                                               kn_tensor* output, kn_tensor* weights) {
  KN_STATUS({
    const at::Tensor& q = *query;
    const at::Tensor& k = *key;
    const int64_t L = q.size(-2), S = k.size(-2);
    const double factor = has_scale ? scale : 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    at::Tensor scores = at::matmul(q, k.transpose(-2, -1)).mul_(factor);
    const double neg_inf = -std::numeric_limits<double>::infinity();
    if (is_causal) {
      at::Tensor future = at::ones({L, S}, q.options().dtype(at::kBool)).triu_(1);
      scores.masked_fill_(future, neg_inf);
    }
    if (attn_mask) {
      if (attn_mask->scalar_type() == at::kBool) scores = scores.masked_fill(attn_mask->logical_not(), neg_inf);
      else scores = scores + *attn_mask;
    }
    at::Tensor attention = at::softmax(scores, -1);
    at::Tensor dropped = dropout_p > 0 ? at::dropout(attention, dropout_p, true) : attention;
    at::Tensor result = at::matmul(dropped, *value);
    *output = kn_wrap(std::move(result));
    if (weights) *weights = kn_wrap(std::move(attention));
  })
}
