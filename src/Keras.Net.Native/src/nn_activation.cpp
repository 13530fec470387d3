// torch.nn.functional: activations. Each op beside its in-place variant (suffix _), which returns a status.
#include "common.h"

#define KN_ACT(name)                                                                         \
  KN_API kn_tensor kn_nn_##name(kn_tensor a) { KN_TENSOR(at::name(*a)) }                     \
  KN_API int32_t kn_nn_##name##_(kn_tensor a) { KN_STATUS(at::name##_(*a);) }

KN_ACT(relu)
KN_ACT(relu6)
KN_ACT(selu)
KN_ACT(silu)
KN_ACT(mish)
KN_ACT(hardswish)
KN_ACT(hardsigmoid)

KN_API kn_tensor kn_nn_log_sigmoid(kn_tensor a) { KN_TENSOR(at::log_sigmoid(*a)) }

#define KN_ACT1(name, arg)                                                                               \
  KN_API kn_tensor kn_nn_##name(kn_tensor a, double arg) { KN_TENSOR(at::name(*a, arg)) }                \
  KN_API int32_t kn_nn_##name##_(kn_tensor a, double arg) { KN_STATUS(at::name##_(*a, arg);) }

KN_ACT1(leaky_relu, negative_slope)
KN_ACT1(elu, alpha)
KN_ACT1(celu, alpha)

#define KN_ACT2(name, arg1, arg2)                                                                                    \
  KN_API kn_tensor kn_nn_##name(kn_tensor a, double arg1, double arg2) { KN_TENSOR(at::name(*a, arg1, arg2)) }       \
  KN_API int32_t kn_nn_##name##_(kn_tensor a, double arg1, double arg2) { KN_STATUS(at::name##_(*a, arg1, arg2);) }

KN_ACT2(hardtanh, min_val, max_val)
KN_ACT2(threshold, threshold, value)

KN_API kn_tensor kn_nn_softplus(kn_tensor a, double beta, double threshold) {
  KN_TENSOR(at::softplus(*a, beta, threshold))
}

// approximate: "none" or "tanh".
KN_API kn_tensor kn_nn_gelu(kn_tensor a, const char* approximate) {
  KN_TENSOR(at::gelu(*a, c10::string_view(approximate)))
}

KN_API kn_tensor kn_nn_glu(kn_tensor a, int64_t dim) { KN_TENSOR(at::glu(*a, dim)) }

// dtype < 0: keep the input's dtype; otherwise the input is cast to dtype first.
static c10::optional<at::ScalarType> kn_opt_dtype(int32_t dtype) {
  return dtype < 0 ? c10::nullopt : c10::optional<at::ScalarType>(static_cast<at::ScalarType>(dtype));
}

KN_API kn_tensor kn_nn_softmax(kn_tensor a, int64_t dim, int32_t dtype) {
  KN_TENSOR(at::softmax(*a, dim, kn_opt_dtype(dtype)))
}
KN_API kn_tensor kn_nn_log_softmax(kn_tensor a, int64_t dim, int32_t dtype) {
  KN_TENSOR(at::log_softmax(*a, dim, kn_opt_dtype(dtype)))
}
