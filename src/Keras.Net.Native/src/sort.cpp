// Sorting and selection: sort, argsort, topk, kthvalue, unique.
#include "common.h"

namespace {
void kn_pair(std::tuple<at::Tensor, at::Tensor>&& result, kn_tensor* first, kn_tensor* second) {
  at::Tensor* a = new at::Tensor(std::move(std::get<0>(result)));
  try {
    *second = new at::Tensor(std::move(std::get<1>(result)));
  } catch (...) {
    delete a;
    throw;
  }
  *first = a;
}
}  // namespace

KN_API int32_t kn_sort(kn_tensor t, int64_t dim, int32_t descending, int32_t stable, kn_tensor* values, kn_tensor* indices) {
  KN_STATUS(kn_pair(at::sort(*t, c10::optional<bool>(stable != 0), dim, descending != 0), values, indices);)
}

KN_API kn_tensor kn_argsort(kn_tensor t, int64_t dim, int32_t descending, int32_t stable) {
  KN_TENSOR(std::get<1>(at::sort(*t, c10::optional<bool>(stable != 0), dim, descending != 0)))
}

KN_API int32_t kn_topk(kn_tensor t, int64_t k, int64_t dim, int32_t largest, int32_t sorted, kn_tensor* values, kn_tensor* indices) {
  KN_STATUS(kn_pair(at::topk(*t, k, dim, largest != 0, sorted != 0), values, indices);)
}

KN_API int32_t kn_kthvalue(kn_tensor t, int64_t k, int64_t dim, int32_t keepdim, kn_tensor* values, kn_tensor* indices) {
  KN_STATUS(kn_pair(at::kthvalue(*t, k, dim, keepdim != 0), values, indices);)
}

// The unique values, plus (when asked) the inverse indices and the counts; has_dim = 0 flattens first.
// `inverse` and `counts` receive null when not asked for.
KN_API int32_t kn_unique(kn_tensor t, int32_t sorted, int32_t return_inverse, int32_t return_counts, int64_t dim, int32_t has_dim,
                         kn_tensor* values, kn_tensor* inverse, kn_tensor* counts) {
  KN_STATUS({
    auto result = has_dim ? at::unique_dim(*t, dim, sorted != 0, return_inverse != 0, return_counts != 0)
                          : at::_unique2(*t, sorted != 0, return_inverse != 0, return_counts != 0);
    std::unique_ptr<at::Tensor> v(new at::Tensor(std::move(std::get<0>(result))));
    std::unique_ptr<at::Tensor> i(return_inverse ? new at::Tensor(std::move(std::get<1>(result))) : nullptr);
    std::unique_ptr<at::Tensor> c(return_counts ? new at::Tensor(std::move(std::get<2>(result))) : nullptr);
    *values = v.release();
    *inverse = i.release();
    *counts = c.release();
  })
}
