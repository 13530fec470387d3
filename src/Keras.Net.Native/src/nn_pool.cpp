// torch.nn.functional: pooling. An empty stride means "equal to kernel_size", as in libtorch.
#include "common.h"

#define KN_MAX_POOL(name)                                                                                          \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, const int64_t* kernel, int32_t nkernel, const int64_t* stride,   \
                                int32_t nstride, const int64_t* padding, int32_t npadding, const int64_t* dilation, \
                                int32_t ndilation, int32_t ceil_mode) {                                           \
    KN_TENSOR(at::name(*input, kn_dims(kernel, nkernel), kn_dims(stride, nstride), kn_dims(padding, npadding),     \
                       kn_dims(dilation, ndilation), ceil_mode != 0))                                             \
  }                                                                                                               \
  KN_API int32_t kn_nn_##name##_with_indices(kn_tensor input, const int64_t* kernel, int32_t nkernel,             \
                                             const int64_t* stride, int32_t nstride, const int64_t* padding,      \
                                             int32_t npadding, const int64_t* dilation, int32_t ndilation,        \
                                             int32_t ceil_mode, kn_tensor* output, kn_tensor* indices) {          \
    KN_STATUS({                                                                                                   \
      auto result = at::name##_with_indices(*input, kn_dims(kernel, nkernel), kn_dims(stride, nstride),           \
                                            kn_dims(padding, npadding), kn_dims(dilation, ndilation),             \
                                            ceil_mode != 0);                                                      \
      *output = kn_wrap(std::get<0>(result));                                                                     \
      *indices = kn_wrap(std::get<1>(result));                                                                    \
    })                                                                                                            \
  }

KN_MAX_POOL(max_pool1d)
KN_MAX_POOL(max_pool2d)
KN_MAX_POOL(max_pool3d)

KN_API kn_tensor kn_nn_avg_pool1d(kn_tensor input, const int64_t* kernel, int32_t nkernel, const int64_t* stride,
                                  int32_t nstride, const int64_t* padding, int32_t npadding, int32_t ceil_mode,
                                  int32_t count_include_pad) {
  KN_TENSOR(at::avg_pool1d(*input, kn_dims(kernel, nkernel), kn_dims(stride, nstride), kn_dims(padding, npadding),
                           ceil_mode != 0, count_include_pad != 0))
}

// divisor_override applies when has_divisor is set.
#define KN_AVG_POOL(name)                                                                                          \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, const int64_t* kernel, int32_t nkernel, const int64_t* stride,   \
                                int32_t nstride, const int64_t* padding, int32_t npadding, int32_t ceil_mode,     \
                                int32_t count_include_pad, int64_t divisor_override, int32_t has_divisor) {        \
    KN_TENSOR(at::name(*input, kn_dims(kernel, nkernel), kn_dims(stride, nstride), kn_dims(padding, npadding),     \
                       ceil_mode != 0, count_include_pad != 0,                                                    \
                       has_divisor ? c10::optional<int64_t>(divisor_override) : c10::nullopt))                    \
  }

KN_AVG_POOL(avg_pool2d)
KN_AVG_POOL(avg_pool3d)

#define KN_ADAPTIVE_AVG_POOL(name)                                                                  \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, const int64_t* output_size, int32_t nsize) {      \
    KN_TENSOR(at::name(*input, kn_dims(output_size, nsize)))                                        \
  }

KN_ADAPTIVE_AVG_POOL(adaptive_avg_pool1d)
KN_ADAPTIVE_AVG_POOL(adaptive_avg_pool2d)
KN_ADAPTIVE_AVG_POOL(adaptive_avg_pool3d)

#define KN_ADAPTIVE_MAX_POOL(name)                                                                              \
  KN_API int32_t kn_nn_##name(kn_tensor input, const int64_t* output_size, int32_t nsize, kn_tensor* output,   \
                              kn_tensor* indices) {                                                             \
    KN_STATUS({                                                                                                 \
      auto result = at::name(*input, kn_dims(output_size, nsize));                                              \
      *output = kn_wrap(std::get<0>(result));                                                                   \
      *indices = kn_wrap(std::get<1>(result));                                                                  \
    })                                                                                                          \
  }

KN_ADAPTIVE_MAX_POOL(adaptive_max_pool1d)
KN_ADAPTIVE_MAX_POOL(adaptive_max_pool2d)
KN_ADAPTIVE_MAX_POOL(adaptive_max_pool3d)
