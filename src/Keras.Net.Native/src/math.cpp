// Elementwise math: arithmetic with tensors and scalars, unary functions, comparisons, logic.
#include "common.h"

// ---- binary tensor-tensor ----
#define KN_BINARY(name, expr) \
  KN_API kn_tensor kn_##name(kn_tensor a, kn_tensor b) { KN_TENSOR(expr) }
#define KN_BINARY_INPLACE(name, expr) \
  KN_API int32_t kn_##name(kn_tensor a, kn_tensor b) { KN_STATUS(expr;) }

KN_API kn_tensor kn_add(kn_tensor a, kn_tensor b, kn_scalar alpha) { KN_TENSOR(at::add(*a, *b, kn_to_scalar(alpha))) }
KN_API kn_tensor kn_sub(kn_tensor a, kn_tensor b, kn_scalar alpha) { KN_TENSOR(at::sub(*a, *b, kn_to_scalar(alpha))) }
KN_API int32_t kn_add_(kn_tensor a, kn_tensor b, kn_scalar alpha) { KN_STATUS(a->add_(*b, kn_to_scalar(alpha));) }
KN_API int32_t kn_sub_(kn_tensor a, kn_tensor b, kn_scalar alpha) { KN_STATUS(a->sub_(*b, kn_to_scalar(alpha));) }
KN_BINARY(mul, at::mul(*a, *b))
KN_BINARY(div, at::div(*a, *b))
KN_BINARY(floor_divide, at::div(*a, *b, "floor"))
KN_BINARY(remainder, at::remainder(*a, *b))
KN_BINARY(pow, at::pow(*a, *b))
KN_BINARY(maximum, at::maximum(*a, *b))
KN_BINARY(minimum, at::minimum(*a, *b))
KN_BINARY(atan2, at::atan2(*a, *b))
KN_BINARY(eq, at::eq(*a, *b))
KN_BINARY(ne, at::ne(*a, *b))
KN_BINARY(lt, at::lt(*a, *b))
KN_BINARY(le, at::le(*a, *b))
KN_BINARY(gt, at::gt(*a, *b))
KN_BINARY(ge, at::ge(*a, *b))
KN_BINARY(logical_and, at::logical_and(*a, *b))
KN_BINARY(logical_or, at::logical_or(*a, *b))
KN_BINARY(logical_xor, at::logical_xor(*a, *b))
KN_BINARY(bitwise_and, at::bitwise_and(*a, *b))
KN_BINARY(bitwise_or, at::bitwise_or(*a, *b))
KN_BINARY(bitwise_xor, at::bitwise_xor(*a, *b))
KN_BINARY_INPLACE(mul_, a->mul_(*b))
KN_BINARY_INPLACE(div_, a->div_(*b))
KN_BINARY_INPLACE(pow_, a->pow_(*b))

// ---- binary tensor-scalar ----
#define KN_SCALAR_OP(name, expr) \
  KN_API kn_tensor kn_##name(kn_tensor a, kn_scalar s) { at::Scalar b = kn_to_scalar(s); KN_TENSOR(expr) }
#define KN_SCALAR_INPLACE(name, expr) \
  KN_API int32_t kn_##name(kn_tensor a, kn_scalar s) { at::Scalar b = kn_to_scalar(s); KN_STATUS(expr;) }

KN_SCALAR_OP(add_scalar, at::add(*a, b))
KN_SCALAR_OP(sub_scalar, at::sub(*a, b))
KN_SCALAR_OP(rsub_scalar, at::rsub(*a, b))
KN_SCALAR_OP(mul_scalar, at::mul(*a, b))
KN_SCALAR_OP(div_scalar, at::div(*a, b))
KN_SCALAR_OP(rdiv_scalar, at::mul(at::reciprocal(*a), b))
KN_SCALAR_OP(remainder_scalar, at::remainder(*a, b))
KN_SCALAR_OP(pow_scalar, at::pow(*a, b))
KN_SCALAR_OP(rpow_scalar, at::pow(b, *a))
KN_SCALAR_OP(eq_scalar, at::eq(*a, b))
KN_SCALAR_OP(ne_scalar, at::ne(*a, b))
KN_SCALAR_OP(lt_scalar, at::lt(*a, b))
KN_SCALAR_OP(le_scalar, at::le(*a, b))
KN_SCALAR_OP(gt_scalar, at::gt(*a, b))
KN_SCALAR_OP(ge_scalar, at::ge(*a, b))
KN_SCALAR_OP(fill_like, at::full_like(*a, b))
KN_SCALAR_INPLACE(add_scalar_, a->add_(b))
KN_SCALAR_INPLACE(sub_scalar_, a->sub_(b))
KN_SCALAR_INPLACE(mul_scalar_, a->mul_(b))
KN_SCALAR_INPLACE(div_scalar_, a->div_(b))
KN_SCALAR_INPLACE(pow_scalar_, a->pow_(b))
KN_SCALAR_INPLACE(fill_, a->fill_(b))

// ---- unary ----
#define KN_UNARY(name) \
  KN_API kn_tensor kn_##name(kn_tensor a) { KN_TENSOR(at::name(*a)) } \
  KN_API int32_t kn_##name##_(kn_tensor a) { KN_STATUS(a->name##_();) }

KN_UNARY(neg)
KN_UNARY(abs)
KN_UNARY(exp)
KN_UNARY(expm1)
KN_UNARY(log)
KN_UNARY(log1p)
KN_UNARY(log2)
KN_UNARY(log10)
KN_UNARY(sqrt)
KN_UNARY(rsqrt)
KN_UNARY(sin)
KN_UNARY(cos)
KN_UNARY(tan)
KN_UNARY(asin)
KN_UNARY(acos)
KN_UNARY(atan)
KN_UNARY(sinh)
KN_UNARY(cosh)
KN_UNARY(tanh)
KN_UNARY(sigmoid)
KN_UNARY(floor)
KN_UNARY(ceil)
KN_UNARY(round)
KN_UNARY(trunc)
KN_UNARY(sign)
KN_UNARY(reciprocal)
KN_UNARY(square)
KN_UNARY(erf)
KN_UNARY(logical_not)

KN_API kn_tensor kn_isnan(kn_tensor a) { KN_TENSOR(at::isnan(*a)) }
KN_API kn_tensor kn_isinf(kn_tensor a) { KN_TENSOR(at::isinf(*a)) }
KN_API kn_tensor kn_isfinite(kn_tensor a) { KN_TENSOR(at::isfinite(*a)) }
KN_API kn_tensor kn_bitwise_not(kn_tensor a) { KN_TENSOR(at::bitwise_not(*a)) }

// ---- clamp, where, lerp, fused multiply-adds ----
// has_min/has_max select which bound applies (a missing bound is unbounded).
KN_API kn_tensor kn_clamp(kn_tensor a, kn_scalar min, int32_t has_min, kn_scalar max, int32_t has_max) {
  KN_TENSOR(at::clamp(*a, has_min ? c10::optional<at::Scalar>(kn_to_scalar(min)) : c10::nullopt,
                      has_max ? c10::optional<at::Scalar>(kn_to_scalar(max)) : c10::nullopt))
}
KN_API int32_t kn_clamp_(kn_tensor a, kn_scalar min, int32_t has_min, kn_scalar max, int32_t has_max) {
  KN_STATUS(at::clamp_(*a, has_min ? c10::optional<at::Scalar>(kn_to_scalar(min)) : c10::nullopt,
                       has_max ? c10::optional<at::Scalar>(kn_to_scalar(max)) : c10::nullopt);)
}
KN_API kn_tensor kn_clamp_tensor(kn_tensor a, kn_tensor min, kn_tensor max) {
  KN_TENSOR(at::clamp(*a, kn_optional(min), kn_optional(max)))
}
KN_API kn_tensor kn_where(kn_tensor cond, kn_tensor a, kn_tensor b) { KN_TENSOR(at::where(*cond, *a, *b)) }
KN_API kn_tensor kn_where_scalar(kn_tensor cond, kn_tensor a, kn_scalar b) { KN_TENSOR(at::where(*cond, *a, kn_to_scalar(b))) }
KN_API kn_tensor kn_lerp(kn_tensor a, kn_tensor b, kn_scalar w) { KN_TENSOR(at::lerp(*a, *b, kn_to_scalar(w))) }
KN_API kn_tensor kn_addcmul(kn_tensor a, kn_tensor t1, kn_tensor t2, kn_scalar v) {
  KN_TENSOR(at::addcmul(*a, *t1, *t2, kn_to_scalar(v)))
}
KN_API kn_tensor kn_addcdiv(kn_tensor a, kn_tensor t1, kn_tensor t2, kn_scalar v) {
  KN_TENSOR(at::addcdiv(*a, *t1, *t2, kn_to_scalar(v)))
}
KN_API kn_tensor kn_allclose_tensor(kn_tensor a, kn_tensor b, double rtol, double atol) {
  KN_TENSOR(at::isclose(*a, *b, rtol, atol, false))
}
