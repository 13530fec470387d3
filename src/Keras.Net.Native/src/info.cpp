// Library-wide queries and settings: version, CUDA, threads, seeds, grad mode.
#include "common.h"
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/GradMode.h>
#include <torch/version.h>

KN_API const char* kn_torch_version() { return TORCH_VERSION; }

KN_API int32_t kn_cuda_is_available() {
  KN_GUARD(0, return at::detail::getCUDAHooks().hasCUDA() ? 1 : 0;)
}

KN_API int32_t kn_cuda_device_count() {
  KN_GUARD(-1, return at::detail::getCUDAHooks().hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0;)
}

KN_API int32_t kn_get_num_threads() { KN_GUARD(-1, return at::get_num_threads();) }

KN_API int32_t kn_set_num_threads(int32_t n) { KN_STATUS(at::set_num_threads(n);) }

KN_API int32_t kn_get_num_interop_threads() { KN_GUARD(-1, return at::get_num_interop_threads();) }

KN_API int32_t kn_set_num_interop_threads(int32_t n) { KN_STATUS(at::set_num_interop_threads(n);) }

KN_API int32_t kn_manual_seed(uint64_t seed) { KN_STATUS(at::manual_seed(seed);) }

KN_API int32_t kn_is_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }

KN_API void kn_set_grad_enabled(int32_t enabled) { c10::GradMode::set_enabled(enabled != 0); }
