// Matrix decompositions used by initializers.
#include "common.h"

// Reduced QR decomposition of a matrix (or batch): a = q r.
KN_API int32_t kn_linalg_qr(kn_tensor a, kn_tensor* q, kn_tensor* r) {
  KN_STATUS({
    auto result = at::linalg_qr(*a, "reduced");
    *q = new at::Tensor(std::get<0>(result));
    *r = new at::Tensor(std::get<1>(result));
  })
}
