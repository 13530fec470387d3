// Differentiable collectives (torch.distributed.nn.functional): an all-reduce (sum) recorded by autograd, whose
// backward all-reduces (sums) the incoming gradient over the same group. Synchronised BatchNormalization builds its
// global batch statistics with it.
//
// Every rank must run the forward and, later, the backward of these ops in the same order (true when all ranks run
// the same model). A failure inside backward reaches the managed side through the autograd engine, not through an
// export of this file, so its message starts with kn_dist_backward_marker, which the binding (TorchError) recognises to raise
// the same typed exceptions as the other collectives.
#include "common.h"
#include "distributed_internal.h"

#include <torch/csrc/autograd/custom_function.h>

namespace {

// Keep in sync with DistributedError.BackwardMarker in the binding.
[[maybe_unused]] constexpr const char* kn_dist_backward_marker = "[torch.distributed backward] ";

#if defined(KN_HAVE_C10D)

at::Tensor sum_over_group(const at::Tensor& input, int64_t group, int64_t timeout_ms) {
  // A fresh contiguous copy: the collective writes in place, and an input (or an expanded gradient) may be a view.
  at::Tensor result = input.clone(at::MemoryFormat::Contiguous);
  kn_dist_sum_in_place(reinterpret_cast<void*>(group), result, timeout_ms);
  return result;
}

struct AllReduceSum : public torch::autograd::Function<AllReduceSum> {
  // group: the kn_dist_group_create handle as an integer (autograd saves plain integers, not pointers).
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, int64_t group, int64_t timeout_ms) {
    ctx->saved_data["group"] = group;
    ctx->saved_data["timeout_ms"] = timeout_ms;
    return sum_over_group(input, group, timeout_ms);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const int64_t group = ctx->saved_data["group"].toInt();
    const int64_t timeout_ms = ctx->saved_data["timeout_ms"].toInt();
    at::Tensor grad;
    try {
      // Through apply, so that a backward recorded with create_graph is itself differentiable.
      grad = AllReduceSum::apply(grads[0], group, timeout_ms);
    } catch (const c10::Error& e) {
      throw std::runtime_error(std::string(kn_dist_backward_marker) + e.what_without_backtrace());
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(kn_dist_backward_marker) + e.what());
    }
    return {grad, at::Tensor(), at::Tensor()};
  }
};

#endif  // KN_HAVE_C10D

}  // namespace

// The sum of `input` over the group, on every rank, as a new tensor that autograd records: its gradient is the sum
// of the ranks' gradients of the result. timeout_ms bounds the forward and the backward collective (0 = the group's).
KN_API kn_tensor kn_dist_nn_all_reduce_sum(void* group, kn_tensor input, int64_t timeout_ms) {
  KN_GUARD(nullptr, {
#if defined(KN_HAVE_C10D)
    TORCH_CHECK(group != nullptr, "the process group was destroyed (null handle)");
    TORCH_CHECK(input != nullptr && input->defined(), "all_reduce: the input tensor is undefined");
    return kn_wrap(AllReduceSum::apply(*input, reinterpret_cast<int64_t>(group), timeout_ms));
#else
    throw std::runtime_error(
        "torch.distributed: torch.distributed.nn is not available: the native shim was built against a libtorch without "
        "c10d (see docs/DISTRIBUTED.md)");
#endif
  })
}

