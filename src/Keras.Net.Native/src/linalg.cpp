// Linear algebra: matrix products, einsum, fused multiply-adds, cross and tensor contractions.
#include "common.h"
#include "tensor_list.h"

KN_API kn_tensor kn_matmul(kn_tensor a, kn_tensor b) { KN_TENSOR(at::matmul(*a, *b)) }
KN_API kn_tensor kn_mm(kn_tensor a, kn_tensor b) { KN_TENSOR(at::mm(*a, *b)) }
KN_API kn_tensor kn_bmm(kn_tensor a, kn_tensor b) { KN_TENSOR(at::bmm(*a, *b)) }
KN_API kn_tensor kn_mv(kn_tensor a, kn_tensor b) { KN_TENSOR(at::mv(*a, *b)) }
KN_API kn_tensor kn_dot(kn_tensor a, kn_tensor b) { KN_TENSOR(at::dot(*a, *b)) }
KN_API kn_tensor kn_outer(kn_tensor a, kn_tensor b) { KN_TENSOR(at::outer(*a, *b)) }

KN_API kn_tensor kn_einsum(const char* equation, const kn_tensor* tensors, int32_t n) {
  KN_TENSOR(at::einsum(equation, kn_tensor_vector(tensors, n)))
}

// beta * self + alpha * (mat1 @ mat2)
KN_API kn_tensor kn_addmm(kn_tensor self, kn_tensor mat1, kn_tensor mat2, kn_scalar beta, kn_scalar alpha) {
  KN_TENSOR(at::addmm(*self, *mat1, *mat2, kn_to_scalar(beta), kn_to_scalar(alpha)))
}
// beta * self + alpha * (batch1 @ batch2), batched
KN_API kn_tensor kn_baddbmm(kn_tensor self, kn_tensor b1, kn_tensor b2, kn_scalar beta, kn_scalar alpha) {
  KN_TENSOR(at::baddbmm(*self, *b1, *b2, kn_to_scalar(beta), kn_to_scalar(alpha)))
}

// has_dim = 0: the first dim of size 3, as torch.cross without dim.
KN_API kn_tensor kn_cross(kn_tensor a, kn_tensor b, int64_t dim, int32_t has_dim) {
  KN_TENSOR(at::cross(*a, *b, has_dim ? c10::optional<int64_t>(dim) : c10::nullopt))
}

KN_API kn_tensor kn_tensordot(kn_tensor a, kn_tensor b, const int64_t* dims_a, const int64_t* dims_b, int32_t n) {
  KN_TENSOR(at::tensordot(*a, *b, kn_dims(dims_a, n), kn_dims(dims_b, n)))
}
