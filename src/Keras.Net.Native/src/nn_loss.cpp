// torch.nn.functional: losses. reduction is libtorch's enum: 0 none, 1 mean, 2 sum (validated by the managed side).
#include "common.h"

KN_API kn_tensor kn_nn_cross_entropy(kn_tensor input, kn_tensor target, kn_tensor weight, int64_t reduction,
                                     int64_t ignore_index, double label_smoothing) {
  KN_TENSOR(at::cross_entropy_loss(*input, *target, kn_optional(weight), reduction, ignore_index, label_smoothing))
}

KN_API kn_tensor kn_nn_nll_loss(kn_tensor input, kn_tensor target, kn_tensor weight, int64_t reduction,
                                int64_t ignore_index) {
  KN_TENSOR(at::nll_loss_nd(*input, *target, kn_optional(weight), reduction, ignore_index))
}

// A weight is expanded to the target's shape first, as torch.nn.functional does.
KN_API kn_tensor kn_nn_binary_cross_entropy(kn_tensor input, kn_tensor target, kn_tensor weight, int64_t reduction) {
  KN_GUARD(nullptr, {
    c10::optional<at::Tensor> w;
    if (weight) w = weight->expand(at::infer_size(target->sizes(), weight->sizes()));
    return kn_wrap(at::binary_cross_entropy(*input, *target, w, reduction));
  })
}

KN_API kn_tensor kn_nn_binary_cross_entropy_with_logits(kn_tensor input, kn_tensor target, kn_tensor weight,
                                                        kn_tensor pos_weight, int64_t reduction) {
  KN_TENSOR(at::binary_cross_entropy_with_logits(*input, *target, kn_optional(weight), kn_optional(pos_weight), reduction))
}

// The pointwise regression losses broadcast input against target first, as torch.nn.functional does.
static std::vector<at::Tensor> kn_broadcast_pair(kn_tensor input, kn_tensor target) {
  return at::broadcast_tensors({*input, *target});
}

KN_API kn_tensor kn_nn_mse_loss(kn_tensor input, kn_tensor target, int64_t reduction) {
  KN_GUARD(nullptr, auto p = kn_broadcast_pair(input, target); return kn_wrap(at::mse_loss(p[0], p[1], reduction));)
}
KN_API kn_tensor kn_nn_l1_loss(kn_tensor input, kn_tensor target, int64_t reduction) {
  KN_GUARD(nullptr, auto p = kn_broadcast_pair(input, target); return kn_wrap(at::l1_loss(p[0], p[1], reduction));)
}
KN_API kn_tensor kn_nn_smooth_l1_loss(kn_tensor input, kn_tensor target, int64_t reduction, double beta) {
  KN_GUARD(nullptr, auto p = kn_broadcast_pair(input, target);
           return kn_wrap(at::smooth_l1_loss(p[0], p[1], reduction, beta));)
}
KN_API kn_tensor kn_nn_huber_loss(kn_tensor input, kn_tensor target, int64_t reduction, double delta) {
  KN_GUARD(nullptr, auto p = kn_broadcast_pair(input, target);
           return kn_wrap(at::huber_loss(p[0], p[1], reduction, delta));)
}

KN_API kn_tensor kn_nn_kl_div(kn_tensor input, kn_tensor target, int64_t reduction, int32_t log_target) {
  KN_TENSOR(at::kl_div(*input, *target, reduction, log_target != 0))
}

KN_API kn_tensor kn_nn_poisson_nll_loss(kn_tensor input, kn_tensor target, int32_t log_input, int32_t full, double eps,
                                        int64_t reduction) {
  KN_TENSOR(at::poisson_nll_loss(*input, *target, log_input != 0, full != 0, eps, reduction))
}

KN_API kn_tensor kn_nn_cosine_embedding_loss(kn_tensor input1, kn_tensor input2, kn_tensor target, double margin,
                                             int64_t reduction) {
  KN_TENSOR(at::cosine_embedding_loss(*input1, *input2, *target, margin, reduction))
}

KN_API kn_tensor kn_nn_margin_ranking_loss(kn_tensor input1, kn_tensor input2, kn_tensor target, double margin,
                                           int64_t reduction) {
  KN_TENSOR(at::margin_ranking_loss(*input1, *input2, *target, margin, reduction))
}

KN_API kn_tensor kn_nn_hinge_embedding_loss(kn_tensor input, kn_tensor target, double margin, int64_t reduction) {
  KN_TENSOR(at::hinge_embedding_loss(*input, *target, margin, reduction))
}

KN_API kn_tensor kn_nn_cosine_similarity(kn_tensor x1, kn_tensor x2, int64_t dim, double eps) {
  KN_TENSOR(at::cosine_similarity(*x1, *x2, dim, eps))
}
