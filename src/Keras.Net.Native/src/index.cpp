// Indexing: x[...] get and set through at::indexing::TensorIndex, and the index-based ops
// (gather, scatter, index_select, index_add, masked_fill, masked_select, nonzero, take, where).
#include "common.h"
#include "tensor_list.h"

namespace {
// Kind codes of one index entry (low byte); for a slice, bits 8/9/10 say whether start/stop/step are given.
enum : int32_t { KN_IDX_INT = 0, KN_IDX_SLICE = 1, KN_IDX_ELLIPSIS = 2, KN_IDX_NONE = 3, KN_IDX_TENSOR = 4, KN_IDX_BOOL = 5 };

// Builds the index list from parallel arrays: kinds[i], args[3i..3i+2] and tensors[i].
std::vector<at::indexing::TensorIndex> kn_indices(const int32_t* kinds, const int64_t* args, const kn_tensor* tensors, int32_t n) {
  using namespace at::indexing;
  std::vector<TensorIndex> indices;
  indices.reserve(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    const int64_t* a = args + 3 * static_cast<size_t>(i);
    switch (kinds[i] & 0xFF) {
      case KN_IDX_INT: indices.emplace_back(a[0]); break;
      case KN_IDX_SLICE: {
        const int32_t given = kinds[i] >> 8;
        const int64_t step = (given & 4) ? a[2] : 1;
        // Missing bounds as Python's: start 0 and stop "to the end" (steps are positive in PyTorch).
        const int64_t start = (given & 1) ? a[0] : 0;
        const int64_t stop = (given & 2) ? a[1] : INDEX_MAX;
        indices.emplace_back(Slice(start, stop, step));
        break;
      }
      case KN_IDX_ELLIPSIS: indices.emplace_back(Ellipsis); break;
      case KN_IDX_NONE: indices.emplace_back(None); break;
      case KN_IDX_TENSOR:
        TORCH_CHECK_VALUE(tensors[i] != nullptr, "index ", i, ": a tensor index was expected but none was given");
        indices.emplace_back(*tensors[i]);
        break;
      case KN_IDX_BOOL: indices.emplace_back(a[0] != 0); break;
      default: TORCH_CHECK_VALUE(false, "index ", i, ": unknown index kind ", kinds[i]);
    }
  }
  return indices;
}
}  // namespace

KN_API kn_tensor kn_index(kn_tensor t, const int32_t* kinds, const int64_t* args, const kn_tensor* tensors, int32_t n) {
  KN_TENSOR(t->index(kn_indices(kinds, args, tensors, n)))
}
KN_API int32_t kn_index_put_(kn_tensor t, const int32_t* kinds, const int64_t* args, const kn_tensor* tensors, int32_t n, kn_tensor value) {
  KN_STATUS(t->index_put_(kn_indices(kinds, args, tensors, n), *value);)
}
KN_API int32_t kn_index_put_scalar_(kn_tensor t, const int32_t* kinds, const int64_t* args, const kn_tensor* tensors, int32_t n,
                                    kn_scalar value) {
  KN_STATUS(t->index_put_(kn_indices(kinds, args, tensors, n), kn_to_scalar(value));)
}

KN_API kn_tensor kn_gather(kn_tensor t, int64_t dim, kn_tensor index, int32_t sparse_grad) {
  KN_TENSOR(at::gather(*t, dim, *index, sparse_grad != 0))
}
KN_API kn_tensor kn_scatter(kn_tensor t, int64_t dim, kn_tensor index, kn_tensor src) { KN_TENSOR(at::scatter(*t, dim, *index, *src)) }
KN_API kn_tensor kn_scatter_value(kn_tensor t, int64_t dim, kn_tensor index, kn_scalar value) {
  KN_TENSOR(at::scatter(*t, dim, *index, kn_to_scalar(value)))
}
KN_API kn_tensor kn_scatter_add(kn_tensor t, int64_t dim, kn_tensor index, kn_tensor src) { KN_TENSOR(at::scatter_add(*t, dim, *index, *src)) }
KN_API int32_t kn_scatter_(kn_tensor t, int64_t dim, kn_tensor index, kn_tensor src) { KN_STATUS(t->scatter_(dim, *index, *src);) }
KN_API int32_t kn_scatter_value_(kn_tensor t, int64_t dim, kn_tensor index, kn_scalar value) {
  KN_STATUS(t->scatter_(dim, *index, kn_to_scalar(value));)
}
KN_API int32_t kn_scatter_add_(kn_tensor t, int64_t dim, kn_tensor index, kn_tensor src) { KN_STATUS(t->scatter_add_(dim, *index, *src);) }

KN_API kn_tensor kn_index_select(kn_tensor t, int64_t dim, kn_tensor index) { KN_TENSOR(at::index_select(*t, dim, *index)) }
KN_API kn_tensor kn_index_add(kn_tensor t, int64_t dim, kn_tensor index, kn_tensor source, kn_scalar alpha) {
  KN_TENSOR(at::index_add(*t, dim, *index, *source, kn_to_scalar(alpha)))
}
KN_API int32_t kn_index_add_(kn_tensor t, int64_t dim, kn_tensor index, kn_tensor source, kn_scalar alpha) {
  KN_STATUS(t->index_add_(dim, *index, *source, kn_to_scalar(alpha));)
}
KN_API kn_tensor kn_index_fill(kn_tensor t, int64_t dim, kn_tensor index, kn_scalar value) {
  KN_TENSOR(at::index_fill(*t, dim, *index, kn_to_scalar(value)))
}

KN_API kn_tensor kn_masked_fill(kn_tensor t, kn_tensor mask, kn_scalar value) { KN_TENSOR(at::masked_fill(*t, *mask, kn_to_scalar(value))) }
KN_API kn_tensor kn_masked_fill_tensor(kn_tensor t, kn_tensor mask, kn_tensor value) { KN_TENSOR(at::masked_fill(*t, *mask, *value)) }
KN_API int32_t kn_masked_fill_(kn_tensor t, kn_tensor mask, kn_scalar value) { KN_STATUS(t->masked_fill_(*mask, kn_to_scalar(value));) }
KN_API int32_t kn_masked_fill_tensor_(kn_tensor t, kn_tensor mask, kn_tensor value) { KN_STATUS(t->masked_fill_(*mask, *value);) }
KN_API kn_tensor kn_masked_select(kn_tensor t, kn_tensor mask) { KN_TENSOR(at::masked_select(*t, *mask)) }

KN_API kn_tensor kn_nonzero(kn_tensor t) { KN_TENSOR(at::nonzero(*t)) }
KN_API kn_tensor kn_take(kn_tensor t, kn_tensor index) { KN_TENSOR(at::take(*t, *index)) }
// torch.where(cond): one index tensor per dim of cond.
KN_API int32_t kn_where_indices(kn_tensor cond, kn_tensor** out, int64_t* count) {
  KN_STATUS(kn_return_list(at::where(*cond), out, count);)
}
