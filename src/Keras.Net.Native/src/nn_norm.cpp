// torch.nn.functional: normalization, dropout, embeddings, padding and resampling.
#include "common.h"

// cuDNN is used when the user has not switched it off (torch.backends.cudnn.enabled); ignored on CPU.
static bool kn_cudnn_enabled() { return at::globalContext().userEnabledCuDNN(); }

// running_mean/running_var (may be null) are updated in place when training, with torch's momentum.
KN_API kn_tensor kn_nn_batch_norm(kn_tensor input, kn_tensor running_mean, kn_tensor running_var, kn_tensor weight,
                                  kn_tensor bias, int32_t training, double momentum, double eps) {
  KN_TENSOR(at::batch_norm(*input, kn_optional(weight), kn_optional(bias), kn_optional(running_mean),
                           kn_optional(running_var), training != 0, momentum, eps, kn_cudnn_enabled()))
}

KN_API kn_tensor kn_nn_instance_norm(kn_tensor input, kn_tensor running_mean, kn_tensor running_var, kn_tensor weight,
                                     kn_tensor bias, int32_t use_input_stats, double momentum, double eps) {
  KN_TENSOR(at::instance_norm(*input, kn_optional(weight), kn_optional(bias), kn_optional(running_mean),
                              kn_optional(running_var), use_input_stats != 0, momentum, eps, kn_cudnn_enabled()))
}

KN_API kn_tensor kn_nn_layer_norm(kn_tensor input, const int64_t* normalized_shape, int32_t nshape, kn_tensor weight,
                                  kn_tensor bias, double eps) {
  KN_TENSOR(at::layer_norm(*input, kn_dims(normalized_shape, nshape), kn_optional(weight), kn_optional(bias), eps,
                           kn_cudnn_enabled()))
}

KN_API kn_tensor kn_nn_group_norm(kn_tensor input, int64_t num_groups, kn_tensor weight, kn_tensor bias, double eps) {
  KN_TENSOR(at::group_norm(*input, num_groups, kn_optional(weight), kn_optional(bias), eps, kn_cudnn_enabled()))
}

// ---- dropout: each op beside its in-place variant ----
#define KN_DROPOUT(name)                                                                        \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, double p, int32_t train) {                     \
    KN_TENSOR(at::name(*input, p, train != 0))                                                  \
  }                                                                                             \
  KN_API int32_t kn_nn_##name##_(kn_tensor input, double p, int32_t train) {                    \
    KN_STATUS(at::name##_(*input, p, train != 0);)                                              \
  }

KN_DROPOUT(dropout)
KN_DROPOUT(feature_dropout)
KN_DROPOUT(alpha_dropout)
KN_DROPOUT(feature_alpha_dropout)

// ---- embeddings ----
// padding_idx < 0 means none (the managed side has already turned a negative index into a positive one).
KN_API kn_tensor kn_nn_embedding(kn_tensor weight, kn_tensor indices, int64_t padding_idx, int32_t scale_grad_by_freq,
                                 int32_t sparse) {
  KN_TENSOR(at::embedding(*weight, *indices, padding_idx, scale_grad_by_freq != 0, sparse != 0))
}

KN_API kn_tensor kn_nn_one_hot(kn_tensor input, int64_t num_classes) { KN_TENSOR(at::one_hot(*input, num_classes)) }

// ---- padding ----
// mode: "constant", "reflect", "replicate" or "circular"; value applies to "constant" when has_value is set.
KN_API kn_tensor kn_nn_pad(kn_tensor input, const int64_t* pad, int32_t npad, const char* mode, double value,
                           int32_t has_value) {
  KN_TENSOR(at::pad(*input, kn_dims(pad, npad), c10::string_view(mode),
                    has_value ? c10::optional<double>(value) : c10::nullopt))
}

// ---- resampling: exactly one of output_size (nsize > 0) and scale_factors (nscales > 0) is given ----
static at::OptionalIntArrayRef kn_opt_dims(const int64_t* data, int32_t length) {
  return length > 0 ? at::OptionalIntArrayRef(kn_dims(data, length)) : at::OptionalIntArrayRef(c10::nullopt);
}
static c10::optional<at::ArrayRef<double>> kn_opt_doubles(const double* data, int32_t length) {
  return length > 0 ? c10::optional<at::ArrayRef<double>>(at::ArrayRef<double>(data, static_cast<size_t>(length)))
                    : c10::nullopt;
}

#define KN_UPSAMPLE_NEAREST(export_name, name)                                                             \
  KN_API kn_tensor kn_nn_##export_name(kn_tensor input, const int64_t* size, int32_t nsize, const double* scales, \
                                int32_t nscales) {                                                         \
    KN_TENSOR(at::name(*input, kn_opt_dims(size, nsize), kn_opt_doubles(scales, nscales)))                 \
  }
#define KN_UPSAMPLE_LINEAR(name)                                                                           \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, const int64_t* size, int32_t nsize, const double* scales, \
                                int32_t nscales, int32_t align_corners) {                                  \
    KN_TENSOR(at::name(*input, kn_opt_dims(size, nsize), align_corners != 0, kn_opt_doubles(scales, nscales))) \
  }

KN_UPSAMPLE_NEAREST(upsample_nearest1d, upsample_nearest1d)
KN_UPSAMPLE_NEAREST(upsample_nearest2d, upsample_nearest2d)
KN_UPSAMPLE_NEAREST(upsample_nearest3d, upsample_nearest3d)
KN_UPSAMPLE_NEAREST(upsample_nearest_exact1d, _upsample_nearest_exact1d)
KN_UPSAMPLE_NEAREST(upsample_nearest_exact2d, _upsample_nearest_exact2d)
KN_UPSAMPLE_NEAREST(upsample_nearest_exact3d, _upsample_nearest_exact3d)
KN_UPSAMPLE_LINEAR(upsample_linear1d)
KN_UPSAMPLE_LINEAR(upsample_bilinear2d)
KN_UPSAMPLE_LINEAR(upsample_bicubic2d)
KN_UPSAMPLE_LINEAR(upsample_trilinear3d)

KN_API kn_tensor kn_nn_pixel_shuffle(kn_tensor input, int64_t upscale_factor) {
  KN_TENSOR(at::pixel_shuffle(*input, upscale_factor))
}
KN_API kn_tensor kn_nn_pixel_unshuffle(kn_tensor input, int64_t downscale_factor) {
  KN_TENSOR(at::pixel_unshuffle(*input, downscale_factor))
}
