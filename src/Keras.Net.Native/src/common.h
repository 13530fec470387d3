// Shared plumbing of the shim: export macro, the thread-local last error, and argument helpers.
// Rule of the shim: every export catches everything; failures return a null/sentinel value and
// leave a message (and a kind code) in the thread-local slot that the managed side reads.
#pragma once
#include "pch.h"

#define KN_API extern "C" __attribute__((visibility("default")))

typedef at::Tensor* kn_tensor;

// Error kinds reported to the managed side, which maps them to typed exceptions.
enum kn_error_kind : int32_t {
  KN_ERR_NONE = 0,
  KN_ERR_GENERIC = 1,
  KN_ERR_INDEX = 2,
  KN_ERR_VALUE = 3,
  KN_ERR_TYPE = 4,
  KN_ERR_NOT_IMPLEMENTED = 5,
  KN_ERR_OUT_OF_MEMORY = 6,
};

void kn_set_error(int32_t kind, const char* message);

// A scalar passed by value: kind 0 = floating (d), 1 = integer (l), 2 = boolean (l != 0).
typedef struct {
  double d;
  int64_t l;
  int32_t kind;
} kn_scalar;

inline at::Scalar kn_to_scalar(kn_scalar s) {
  switch (s.kind) {
    case 1: return at::Scalar(s.l);
    case 2: return at::Scalar(s.l != 0);
    default: return at::Scalar(s.d);
  }
}

inline at::IntArrayRef kn_dims(const int64_t* data, int32_t length) {
  return at::IntArrayRef(data, static_cast<size_t>(length));
}

inline c10::optional<at::Tensor> kn_optional(kn_tensor t) {
  return t ? c10::optional<at::Tensor>(*t) : c10::nullopt;
}

inline at::Tensor kn_or_undefined(kn_tensor t) { return t ? *t : at::Tensor(); }

// A new handle from a per-thread pool of at::Tensor slots (cpu_allocator.cpp); free it with kn_tensor_release.
kn_tensor kn_new_handle(at::Tensor&& t);

inline kn_tensor kn_wrap(at::Tensor t) { return kn_new_handle(std::move(t)); }

inline at::Device kn_device(int32_t type, int32_t index) {
  return at::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}

inline at::TensorOptions kn_options(int32_t dtype, int32_t device_type, int32_t device_index, bool requires_grad) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(kn_device(device_type, device_index))
      .requires_grad(requires_grad);
}

void kn_catch_current();

// Wraps the body of an export: on any exception records it and returns `fallback`.
#define KN_GUARD(fallback, ...)       \
  try {                               \
    __VA_ARGS__                       \
  } catch (...) {                     \
    kn_catch_current();               \
    return fallback;                  \
  }

// Body returns a new tensor handle (or null on failure).
#define KN_TENSOR(...) KN_GUARD(nullptr, return kn_wrap(__VA_ARGS__);)
// Body returns nothing; the function returns 0 on success, -1 on failure.
#define KN_STATUS(...) KN_GUARD(-1, __VA_ARGS__ return 0;)
