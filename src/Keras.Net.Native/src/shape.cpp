// Shape ops: views and reshapes, permutations, squeeze/unsqueeze, expand/repeat, slicing along a dim,
// joining (cat, stack) and splitting (split, chunk, unbind), triangles and diagonals.
#include "common.h"
#include "tensor_list.h"

// Frees an array made by kn_return_list (not the tensors in it, which the managed side now owns).
KN_API void kn_tensor_array_free(kn_tensor* handles) { delete[] handles; }

KN_API kn_tensor kn_view(kn_tensor t, const int64_t* shape, int32_t n) { KN_TENSOR(t->view(kn_dims(shape, n))) }
KN_API kn_tensor kn_reshape(kn_tensor t, const int64_t* shape, int32_t n) { KN_TENSOR(t->reshape(kn_dims(shape, n))) }
KN_API kn_tensor kn_view_as(kn_tensor t, kn_tensor other) { KN_TENSOR(t->view_as(*other)) }
KN_API kn_tensor kn_reshape_as(kn_tensor t, kn_tensor other) { KN_TENSOR(t->reshape_as(*other)) }
KN_API kn_tensor kn_permute(kn_tensor t, const int64_t* dims, int32_t n) { KN_TENSOR(t->permute(kn_dims(dims, n))) }
KN_API kn_tensor kn_transpose(kn_tensor t, int64_t dim0, int64_t dim1) { KN_TENSOR(t->transpose(dim0, dim1)) }
KN_API kn_tensor kn_t(kn_tensor t) { KN_TENSOR(t->t()) }
KN_API kn_tensor kn_movedim(kn_tensor t, const int64_t* source, const int64_t* destination, int32_t n) {
  KN_TENSOR(t->movedim(kn_dims(source, n), kn_dims(destination, n)))
}
KN_API kn_tensor kn_squeeze(kn_tensor t) { KN_TENSOR(t->squeeze()) }
KN_API kn_tensor kn_squeeze_dim(kn_tensor t, int64_t dim) { KN_TENSOR(t->squeeze(dim)) }
KN_API kn_tensor kn_unsqueeze(kn_tensor t, int64_t dim) { KN_TENSOR(t->unsqueeze(dim)) }
KN_API kn_tensor kn_flatten(kn_tensor t, int64_t start_dim, int64_t end_dim) { KN_TENSOR(t->flatten(start_dim, end_dim)) }
KN_API kn_tensor kn_unflatten(kn_tensor t, int64_t dim, const int64_t* sizes, int32_t n) {
  KN_TENSOR(at::unflatten(*t, dim, kn_dims(sizes, n)))
}
KN_API kn_tensor kn_expand(kn_tensor t, const int64_t* sizes, int32_t n) { KN_TENSOR(t->expand(kn_dims(sizes, n))) }
KN_API kn_tensor kn_expand_as(kn_tensor t, kn_tensor other) { KN_TENSOR(t->expand_as(*other)) }
KN_API kn_tensor kn_broadcast_to(kn_tensor t, const int64_t* sizes, int32_t n) { KN_TENSOR(at::broadcast_to(*t, kn_dims(sizes, n))) }
KN_API kn_tensor kn_repeat(kn_tensor t, const int64_t* repeats, int32_t n) { KN_TENSOR(t->repeat(kn_dims(repeats, n))) }
KN_API kn_tensor kn_narrow(kn_tensor t, int64_t dim, int64_t start, int64_t length) { KN_TENSOR(t->narrow(dim, start, length)) }
KN_API kn_tensor kn_select(kn_tensor t, int64_t dim, int64_t index) { KN_TENSOR(t->select(dim, index)) }
KN_API kn_tensor kn_flip(kn_tensor t, const int64_t* dims, int32_t n) { KN_TENSOR(t->flip(kn_dims(dims, n))) }
// An empty dims list rolls the flattened tensor, as torch.roll(x, shifts) does.
KN_API kn_tensor kn_roll(kn_tensor t, const int64_t* shifts, int32_t n_shifts, const int64_t* dims, int32_t n_dims) {
  KN_TENSOR(t->roll(kn_dims(shifts, n_shifts), kn_dims(dims, n_dims)))
}

KN_API kn_tensor kn_cat(const kn_tensor* tensors, int32_t n, int64_t dim) { KN_TENSOR(at::cat(kn_tensor_vector(tensors, n), dim)) }
KN_API kn_tensor kn_stack(const kn_tensor* tensors, int32_t n, int64_t dim) { KN_TENSOR(at::stack(kn_tensor_vector(tensors, n), dim)) }

KN_API int32_t kn_split(kn_tensor t, int64_t split_size, int64_t dim, kn_tensor** out, int64_t* count) {
  KN_STATUS(kn_return_list(t->split(split_size, dim), out, count);)
}
KN_API int32_t kn_split_with_sizes(kn_tensor t, const int64_t* sizes, int32_t n, int64_t dim, kn_tensor** out, int64_t* count) {
  KN_STATUS(kn_return_list(t->split_with_sizes(kn_dims(sizes, n), dim), out, count);)
}
KN_API int32_t kn_chunk(kn_tensor t, int64_t chunks, int64_t dim, kn_tensor** out, int64_t* count) {
  KN_STATUS(kn_return_list(t->chunk(chunks, dim), out, count);)
}
KN_API int32_t kn_unbind(kn_tensor t, int64_t dim, kn_tensor** out, int64_t* count) {
  KN_STATUS(kn_return_list(t->unbind(dim), out, count);)
}

KN_API kn_tensor kn_tril(kn_tensor t, int64_t diagonal) { KN_TENSOR(t->tril(diagonal)) }
KN_API kn_tensor kn_triu(kn_tensor t, int64_t diagonal) { KN_TENSOR(t->triu(diagonal)) }
KN_API kn_tensor kn_diag(kn_tensor t, int64_t diagonal) { KN_TENSOR(t->diag(diagonal)) }
KN_API kn_tensor kn_diagonal(kn_tensor t, int64_t offset, int64_t dim1, int64_t dim2) { KN_TENSOR(t->diagonal(offset, dim1, dim2)) }
