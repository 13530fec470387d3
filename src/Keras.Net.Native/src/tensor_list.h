// Returning a variable number of tensors (split, chunk, unbind, where): the shim allocates an array of
// handles that the managed side takes over one by one and then frees with kn_tensor_array_free.
#pragma once
#include "common.h"

// Moves `tensors` into a new heap array of handles; *out receives it and *count its length.
inline void kn_return_list(std::vector<at::Tensor>&& tensors, kn_tensor** out, int64_t* count) {
  const size_t n = tensors.size();
  kn_tensor* handles = new kn_tensor[n > 0 ? n : 1];
  size_t made = 0;
  try {
    for (; made < n; ++made) handles[made] = new at::Tensor(std::move(tensors[made]));
  } catch (...) {
    for (size_t i = 0; i < made; ++i) delete handles[i];
    delete[] handles;
    throw;
  }
  *out = handles;
  *count = static_cast<int64_t>(n);
}

// Collects `n` handles into a vector of tensors (for cat, stack, einsum).
inline std::vector<at::Tensor> kn_tensor_vector(const kn_tensor* handles, int32_t n) {
  std::vector<at::Tensor> tensors;
  tensors.reserve(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) tensors.push_back(*handles[i]);
  return tensors;
}
