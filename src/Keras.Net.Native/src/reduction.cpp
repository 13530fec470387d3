// Reductions: over all elements, or over a list of dims with keepdim. An empty dim list means all dims.
#include "common.h"

#define KN_REDUCE_DIMS(name, call_all, call_dims)                                                         \
  KN_API kn_tensor kn_##name(kn_tensor a, const int64_t* dims, int32_t ndims, int32_t keepdim) {          \
    KN_TENSOR(ndims == 0 && !keepdim ? call_all : call_dims)                                              \
  }

KN_REDUCE_DIMS(sum, at::sum(*a), at::sum(*a, kn_dims(dims, ndims), keepdim != 0))
KN_REDUCE_DIMS(mean, at::mean(*a), at::mean(*a, kn_dims(dims, ndims), keepdim != 0))
KN_REDUCE_DIMS(amax, at::amax(*a, kn_dims(dims, ndims), false), at::amax(*a, kn_dims(dims, ndims), keepdim != 0))
KN_REDUCE_DIMS(amin, at::amin(*a, kn_dims(dims, ndims), false), at::amin(*a, kn_dims(dims, ndims), keepdim != 0))
KN_REDUCE_DIMS(logsumexp, at::logsumexp(*a, kn_dims(dims, ndims), false), at::logsumexp(*a, kn_dims(dims, ndims), keepdim != 0))
KN_REDUCE_DIMS(nansum, at::nansum(*a), at::nansum(*a, kn_dims(dims, ndims), keepdim != 0))

// std / var with a correction (1 = Bessel's, unbiased; 0 = population).
KN_API kn_tensor kn_std(kn_tensor a, const int64_t* dims, int32_t ndims, int64_t correction, int32_t keepdim) {
  KN_TENSOR(at::std(*a, ndims == 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(kn_dims(dims, ndims)),
                    c10::optional<int64_t>(correction), keepdim != 0))
}
KN_API kn_tensor kn_var(kn_tensor a, const int64_t* dims, int32_t ndims, int64_t correction, int32_t keepdim) {
  KN_TENSOR(at::var(*a, ndims == 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(kn_dims(dims, ndims)),
                    c10::optional<int64_t>(correction), keepdim != 0))
}

// Single-dim reductions (dim given) or whole-tensor (has_dim = 0).
KN_API kn_tensor kn_prod(kn_tensor a, int64_t dim, int32_t has_dim, int32_t keepdim) {
  KN_TENSOR(has_dim ? at::prod(*a, dim, keepdim != 0) : at::prod(*a))
}
KN_API kn_tensor kn_all(kn_tensor a, int64_t dim, int32_t has_dim, int32_t keepdim) {
  KN_TENSOR(has_dim ? at::all(*a, dim, keepdim != 0) : at::all(*a))
}
KN_API kn_tensor kn_any(kn_tensor a, int64_t dim, int32_t has_dim, int32_t keepdim) {
  KN_TENSOR(has_dim ? at::any(*a, dim, keepdim != 0) : at::any(*a))
}
KN_API kn_tensor kn_argmax(kn_tensor a, int64_t dim, int32_t has_dim, int32_t keepdim) {
  KN_TENSOR(at::argmax(*a, has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0))
}
KN_API kn_tensor kn_argmin(kn_tensor a, int64_t dim, int32_t has_dim, int32_t keepdim) {
  KN_TENSOR(at::argmin(*a, has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0))
}
KN_API kn_tensor kn_max_all(kn_tensor a) { KN_TENSOR(at::max(*a)) }
KN_API kn_tensor kn_min_all(kn_tensor a) { KN_TENSOR(at::min(*a)) }

// max/min along a dim: values and indices.
KN_API int32_t kn_max_dim(kn_tensor a, int64_t dim, int32_t keepdim, kn_tensor* values, kn_tensor* indices) {
  KN_STATUS({
    auto result = at::max(*a, dim, keepdim != 0);
    *values = new at::Tensor(std::get<0>(result));
    *indices = new at::Tensor(std::get<1>(result));
  })
}
KN_API int32_t kn_min_dim(kn_tensor a, int64_t dim, int32_t keepdim, kn_tensor* values, kn_tensor* indices) {
  KN_STATUS({
    auto result = at::min(*a, dim, keepdim != 0);
    *values = new at::Tensor(std::get<0>(result));
    *indices = new at::Tensor(std::get<1>(result));
  })
}
KN_API kn_tensor kn_cumsum(kn_tensor a, int64_t dim) { KN_TENSOR(at::cumsum(*a, dim)) }
KN_API kn_tensor kn_cumprod(kn_tensor a, int64_t dim) { KN_TENSOR(at::cumprod(*a, dim)) }
KN_API kn_tensor kn_norm(kn_tensor a, double p, const int64_t* dims, int32_t ndims, int32_t keepdim) {
  KN_TENSOR(ndims == 0 && !keepdim ? at::norm(*a, p) : at::norm(*a, p, kn_dims(dims, ndims), keepdim != 0))
}
