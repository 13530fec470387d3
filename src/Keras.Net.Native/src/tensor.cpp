// Tensor handles: lifetime, properties, creation from and export to host memory, conversions.
#include "common.h"

KN_API void kn_tensor_free(kn_tensor t) { delete t; }

KN_API int32_t kn_tensor_dim(kn_tensor t) { KN_GUARD(-1, return static_cast<int32_t>(t->dim());) }

// Writes up to `capacity` sizes into `out`; returns the rank.
KN_API int32_t kn_tensor_sizes(kn_tensor t, int64_t* out, int32_t capacity) {
  KN_GUARD(-1, {
    auto sizes = t->sizes();
    for (size_t i = 0; i < sizes.size() && i < static_cast<size_t>(capacity); ++i) out[i] = sizes[i];
    return static_cast<int32_t>(sizes.size());
  })
}

KN_API int32_t kn_tensor_strides(kn_tensor t, int64_t* out, int32_t capacity) {
  KN_GUARD(-1, {
    auto strides = t->strides();
    for (size_t i = 0; i < strides.size() && i < static_cast<size_t>(capacity); ++i) out[i] = strides[i];
    return static_cast<int32_t>(strides.size());
  })
}

KN_API int64_t kn_tensor_numel(kn_tensor t) { KN_GUARD(-1, return t->numel();) }

KN_API int32_t kn_tensor_dtype(kn_tensor t) { KN_GUARD(-1, return static_cast<int32_t>(t->scalar_type());) }

KN_API int32_t kn_tensor_device_type(kn_tensor t) { KN_GUARD(-1, return static_cast<int32_t>(t->device().type());) }

KN_API int32_t kn_tensor_device_index(kn_tensor t) { KN_GUARD(-2, return static_cast<int32_t>(t->device().index());) }

KN_API int32_t kn_tensor_is_contiguous(kn_tensor t) { KN_GUARD(-1, return t->is_contiguous() ? 1 : 0;) }

KN_API int32_t kn_tensor_is_defined(kn_tensor t) { return t && t->defined() ? 1 : 0; }

// Copies host memory (contiguous, row-major, `dtype` elements) into a new CPU tensor.
KN_API kn_tensor kn_tensor_from_host(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype,
                                     int32_t requires_grad) {
  KN_TENSOR(at::from_blob(const_cast<void*>(data), kn_dims(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)))
                .clone()
                .set_requires_grad(requires_grad != 0))
}

// Copies the tensor's elements (as a contiguous CPU array) into `dst`, which holds `nbytes` bytes.
KN_API int32_t kn_tensor_copy_to_host(kn_tensor t, void* dst, int64_t nbytes) {
  KN_STATUS({
    at::Tensor src = t->detach().to(at::kCPU).contiguous();
    const int64_t needed = src.numel() * static_cast<int64_t>(src.element_size());
    TORCH_CHECK_VALUE(needed == nbytes, "copy_to_host: destination holds ", nbytes, " bytes but the tensor has ", needed);
    if (needed > 0) std::memcpy(dst, src.data_ptr(), static_cast<size_t>(needed));
  })
}

// The value of a one-element tensor as double (and as int64 in `as_long`, exact for integers).
KN_API int32_t kn_tensor_item(kn_tensor t, double* as_double, int64_t* as_long) {
  KN_STATUS({
    at::Scalar s = t->item();
    if (s.isFloatingPoint()) {
      *as_double = s.toDouble();
      *as_long = static_cast<int64_t>(*as_double);
    } else if (s.isBoolean()) {
      *as_long = s.toBool() ? 1 : 0;
      *as_double = static_cast<double>(*as_long);
    } else {
      *as_long = s.toLong();
      *as_double = static_cast<double>(*as_long);
    }
  })
}

KN_API kn_tensor kn_tensor_to(kn_tensor t, int32_t dtype, int32_t device_type, int32_t device_index, int32_t non_blocking,
                              int32_t copy) {
  KN_TENSOR(t->to(kn_device(device_type, device_index), static_cast<at::ScalarType>(dtype), non_blocking != 0, copy != 0))
}

KN_API kn_tensor kn_tensor_clone(kn_tensor t) { KN_TENSOR(t->clone()) }

KN_API kn_tensor kn_tensor_contiguous(kn_tensor t) { KN_TENSOR(t->contiguous()) }

KN_API kn_tensor kn_tensor_alias(kn_tensor t) { KN_TENSOR(at::Tensor(*t)) }

KN_API kn_tensor kn_tensor_pin_memory(kn_tensor t) { KN_TENSOR(t->pin_memory()) }

KN_API int32_t kn_tensor_copy_(kn_tensor dst, kn_tensor src, int32_t non_blocking) {
  KN_STATUS(dst->copy_(*src, non_blocking != 0);)
}

// ---- factories ----

KN_API kn_tensor kn_empty(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev_type, int32_t dev_index, int32_t rg) {
  KN_TENSOR(at::empty(kn_dims(shape, ndim), kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_zeros(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev_type, int32_t dev_index, int32_t rg) {
  KN_TENSOR(at::zeros(kn_dims(shape, ndim), kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_ones(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev_type, int32_t dev_index, int32_t rg) {
  KN_TENSOR(at::ones(kn_dims(shape, ndim), kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_full(const int64_t* shape, int32_t ndim, kn_scalar value, int32_t dtype, int32_t dev_type, int32_t dev_index,
                         int32_t rg) {
  KN_TENSOR(at::full(kn_dims(shape, ndim), kn_to_scalar(value), kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_arange(kn_scalar start, kn_scalar end, kn_scalar step, int32_t dtype, int32_t dev_type, int32_t dev_index,
                           int32_t rg) {
  KN_TENSOR(at::arange(kn_to_scalar(start), kn_to_scalar(end), kn_to_scalar(step), kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t dev_type, int32_t dev_index,
                             int32_t rg) {
  KN_TENSOR(at::linspace(start, end, steps, kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_eye(int64_t n, int64_t m, int32_t dtype, int32_t dev_type, int32_t dev_index, int32_t rg) {
  KN_TENSOR(at::eye(n, m, kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_zeros_like(kn_tensor t) { KN_TENSOR(at::zeros_like(*t)) }
KN_API kn_tensor kn_ones_like(kn_tensor t) { KN_TENSOR(at::ones_like(*t)) }
KN_API kn_tensor kn_empty_like(kn_tensor t) { KN_TENSOR(at::empty_like(*t)) }
KN_API kn_tensor kn_full_like(kn_tensor t, kn_scalar v) { KN_TENSOR(at::full_like(*t, kn_to_scalar(v))) }
