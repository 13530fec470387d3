// torch.nn.functional: linear and convolution layers. Per-dimension arguments arrive as (pointer, length);
// the managed side has already expanded single values to one per spatial dimension.
#include "common.h"

KN_API kn_tensor kn_nn_linear(kn_tensor input, kn_tensor weight, kn_tensor bias) {
  KN_TENSOR(at::linear(*input, *weight, kn_optional(bias)))
}

KN_API kn_tensor kn_nn_bilinear(kn_tensor input1, kn_tensor input2, kn_tensor weight, kn_tensor bias) {
  KN_TENSOR(at::bilinear(*input1, *input2, *weight, kn_optional(bias)))
}

// conv1d/2d/3d with numeric padding.
#define KN_CONV(name)                                                                                            \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, kn_tensor weight, kn_tensor bias, const int64_t* stride,       \
                                int32_t nstride, const int64_t* padding, int32_t npadding, const int64_t* dilation, \
                                int32_t ndilation, int64_t groups) {                                             \
    KN_TENSOR(at::name(*input, *weight, kn_optional(bias), kn_dims(stride, nstride), kn_dims(padding, npadding),   \
                       kn_dims(dilation, ndilation), groups))                                                    \
  }                                                                                                              \
  /* padding given as "valid" or "same" */                                                                       \
  KN_API kn_tensor kn_nn_##name##_padding_mode(kn_tensor input, kn_tensor weight, kn_tensor bias,                \
                                               const int64_t* stride, int32_t nstride, const char* padding,      \
                                               const int64_t* dilation, int32_t ndilation, int64_t groups) {     \
    KN_TENSOR(at::name(*input, *weight, kn_optional(bias), kn_dims(stride, nstride), c10::string_view(padding),    \
                       kn_dims(dilation, ndilation), groups))                                                    \
  }

KN_CONV(conv1d)
KN_CONV(conv2d)
KN_CONV(conv3d)

#define KN_CONV_TRANSPOSE(name)                                                                                   \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, kn_tensor weight, kn_tensor bias, const int64_t* stride,        \
                                int32_t nstride, const int64_t* padding, int32_t npadding,                       \
                                const int64_t* output_padding, int32_t noutput_padding, int64_t groups,           \
                                const int64_t* dilation, int32_t ndilation) {                                     \
    KN_TENSOR(at::name(*input, *weight, kn_optional(bias), kn_dims(stride, nstride), kn_dims(padding, npadding),    \
                       kn_dims(output_padding, noutput_padding), groups, kn_dims(dilation, ndilation)))           \
  }

KN_CONV_TRANSPOSE(conv_transpose1d)
KN_CONV_TRANSPOSE(conv_transpose2d)
KN_CONV_TRANSPOSE(conv_transpose3d)
