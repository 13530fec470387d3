// Gradient all-reduce overlapped with backward: libtorch's own DistributedDataParallel engine, c10d::Reducer. The
// Reducer puts a hook on every parameter's gradient accumulator; during backward it copies each ready gradient
// (divided by the world size) into its bucket and launches the bucket's asynchronous all-reduce as soon as the bucket
// is full, while autograd carries on with the rest of the graph. A final autograd callback waits for the buckets and
// writes the averages back into the parameters' .grad. prepare_for_backward must precede every backward that should
// synchronise; a backward without it only accumulates locally (DDP's no_sync).
//
// Bucketing follows torch.nn.parallel.DistributedDataParallel (1.13): parameters are given in model order; without
// find_unused_parameters the first backward runs with one bucket and the buckets are then rebuilt (once, agreed with
// rank 0) in the order the gradients actually became ready, the first of them at most 1 MiB and the others at most
// bucket_bytes; with find_unused_parameters the buckets are [1 MiB, bucket_bytes, ...] over the reversed parameter
// order and never rebuilt.
//
// libtorch versions: the Reducer takes a c10d::ProcessGroup. In 1.13 ProcessGroupGloo is one; in 2.x it is a
// c10d::Backend that would have to be wrapped into a ProcessGroup, and the constructor has grown arguments. Both are
// detected at compile time (kn_reducer_constructible, kn_groups_are_process_groups) rather than by TORCH_VERSION
// numbers, so every libtorch compiles this file; where they do not hold, kn_dist_reducer_available() is 0, creation
// raises a clear error, and the managed side keeps the all-reduce after backward. Only 1.13 has been built and run.
#include "common.h"
#include "distributed_internal.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#if defined(KN_HAVE_C10D)
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#if defined(USE_C10D_GLOO)
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if defined(USE_C10D_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

namespace {

#if defined(KN_HAVE_C10D)

// The Reducer, plus read access to whether the last prepared backward reached finalize_backward (every bucket
// reduced and written back). That flag is protected in c10d::Reducer, hence the subclass.
struct kn_reducer final : c10d::Reducer {
  using c10d::Reducer::Reducer;
  bool finished() const { return !expect_autograd_hooks_; }
};

using kn_reducer_args = std::tuple<std::vector<at::Tensor>, std::vector<std::vector<size_t>>, std::vector<size_t>,
                                   c10::intrusive_ptr<c10d::ProcessGroup>, std::vector<bool>, int64_t, bool, bool,
                                   std::unordered_map<size_t, std::string>, int64_t>;

template <typename R, typename Tuple>
struct kn_constructible_from;
template <typename R, typename... A>
struct kn_constructible_from<R, std::tuple<A...>> : std::is_constructible<R, A...> {};

// True when this libtorch's Reducer has the constructor of libtorch 1.13 (params, bucket indices, per-bucket
// limits, group, sparse flags, bucket cap, find_unused_parameters, gradient_as_bucket_view, names, first bucket cap).
constexpr bool kn_reducer_constructible = kn_constructible_from<kn_reducer, kn_reducer_args>::value;

// True when the groups kn_dist_group_create makes are c10d::ProcessGroups (libtorch 1.13), as the Reducer needs.
constexpr bool kn_groups_are_process_groups =
#if defined(USE_C10D_GLOO)
    std::is_base_of_v<c10d::ProcessGroup, c10d::ProcessGroupGloo> &&
#endif
#if defined(USE_C10D_NCCL)
    std::is_base_of_v<c10d::ProcessGroup, c10d::ProcessGroupNCCL> &&
#endif
    true;

template <typename R = kn_reducer>
R* kn_new_reducer(std::vector<at::Tensor> params, std::vector<std::vector<size_t>> buckets, std::vector<size_t> limits,
                  c10::intrusive_ptr<c10d::ProcessGroup> group, int64_t bucket_bytes, bool find_unused,
                  int64_t first_bucket_bytes) {
  if constexpr (kn_constructible_from<R, kn_reducer_args>::value) {
    const size_t n = params.size();
    return new R(std::move(params), std::move(buckets), std::move(limits), std::move(group), std::vector<bool>(n, false),
                 bucket_bytes, find_unused, /*gradient_as_bucket_view=*/false, std::unordered_map<size_t, std::string>(),
                 first_bucket_bytes);
  } else {
    TORCH_CHECK(false, "this libtorch's c10d::Reducer has a constructor the shim does not know (it was written for "
                       "libtorch 1.13); use DataParallel(overlapGradientReduction: false)");
    return nullptr;
  }
}

kn_reducer& reducer_of(void* handle) {
  TORCH_CHECK(handle != nullptr, "the gradient reducer was disposed (null handle)");
  return *static_cast<kn_reducer*>(handle);
}

std::vector<at::Tensor> tensor_list(kn_tensor* tensors, int32_t count, const char* what) {
  TORCH_CHECK(count >= 0, "negative ", what, " count ", count);
  std::vector<at::Tensor> list;
  list.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    TORCH_CHECK(tensors[i] != nullptr && tensors[i]->defined(), what, " ", i, " is undefined");
    list.push_back(*tensors[i]);
  }
  return list;
}

#endif  // KN_HAVE_C10D

}  // namespace

// 1 when this shim can create a reducer over its Gloo/NCCL groups with this libtorch (c10d present, the Reducer's
// constructor that of libtorch 1.13, and the backends c10d::ProcessGroups); 0 otherwise.
KN_API int32_t kn_dist_reducer_available() {
#if defined(KN_HAVE_C10D)
  return kn_reducer_constructible && kn_groups_are_process_groups ? 1 : 0;
#else
  return 0;
#endif
}

// A reducer over `params` (leaf tensors that require grad, in model order) and `group`. bucket_bytes caps every
// bucket but the first, which first_bucket_bytes caps (DDP: 25 MiB and 1 MiB). find_unused: 1 when some parameters
// may get no gradient in a backward (the graph is then searched from the outputs given to prepare). Returns null on
// failure.
KN_API void* kn_dist_reducer_create(void* group, kn_tensor* params, int32_t count, int64_t bucket_bytes,
                                    int64_t first_bucket_bytes, int32_t find_unused) {
  KN_GUARD(nullptr, {
#if defined(KN_HAVE_C10D)
    TORCH_CHECK(bucket_bytes > 0 && first_bucket_bytes > 0, "bucket sizes must be positive; received ", bucket_bytes,
                " and ", first_bucket_bytes);
    auto pg = kn_dist_process_group(group, nullptr);
    TORCH_CHECK(pg, "this libtorch's process group is a c10d::Backend, not a c10d::ProcessGroup, so DDP's Reducer "
                    "cannot run on it; use DataParallel(overlapGradientReduction: false)");
    auto list = tensor_list(params, count, "parameter");
    TORCH_CHECK(!list.empty(), "the reducer needs at least one parameter");
    for (size_t i = 0; i < list.size(); ++i)
      TORCH_CHECK(list[i].requires_grad() && list[i].is_leaf(), "parameter ", i,
                  " is not a leaf tensor that requires grad (frozen weights must be left out)");
    std::vector<size_t> limits = find_unused != 0
        ? std::vector<size_t>{static_cast<size_t>(first_bucket_bytes), static_cast<size_t>(bucket_bytes)}
        : std::vector<size_t>{static_cast<size_t>(std::numeric_limits<int64_t>::max())};
    std::vector<std::vector<size_t>> buckets;
    std::vector<size_t> per_bucket;
    std::tie(buckets, per_bucket) =
        c10d::compute_bucket_assignment_by_size(list, limits, std::vector<bool>(list.size(), false));
    // Gradients arrive roughly in reverse model order, so the last parameters' bucket goes first.
    std::reverse(buckets.begin(), buckets.end());
    std::reverse(per_bucket.begin(), per_bucket.end());
    return static_cast<void*>(kn_new_reducer(std::move(list), std::move(buckets), std::move(per_bucket), std::move(pg),
                                             bucket_bytes, find_unused != 0, first_bucket_bytes));
#else
    TORCH_CHECK(false, "torch.distributed is not available: the native shim was built against a libtorch without c10d");
#endif
  })
}

KN_API void kn_dist_reducer_free(void* reducer) {
#if defined(KN_HAVE_C10D)
  try {
    delete static_cast<kn_reducer*>(reducer);
  } catch (...) {
  }
#endif
}

// Arms the reducer for the next backward: first rebuilds the buckets when due (after the first backward without
// find_unused_parameters; a collective, so every rank calls it at the same step), then prepare_for_backward(outputs).
// outputs matter only with find_unused_parameters (the graph is searched from them). Raises when the previous
// prepared backward did not finish its reduction.
KN_API int32_t kn_dist_reducer_prepare(void* reducer, kn_tensor* outputs, int32_t count) {
  KN_STATUS({
#if defined(KN_HAVE_C10D)
    auto& r = reducer_of(reducer);
    auto list = tensor_list(outputs, count, "output");
    r.rebuild_buckets();
    r.prepare_for_backward(list);
#else
    TORCH_CHECK(false, "torch.distributed is not available");
#endif
  })
}

// 1 when the last prepared backward reduced every bucket and wrote the averages into .grad (or nothing was prepared
// since), 0 when some gradients never arrived (a parameter outside the graph without find_unused_parameters), -1 on
// error.
KN_API int32_t kn_dist_reducer_finished(void* reducer) {
  KN_GUARD(-1, {
#if defined(KN_HAVE_C10D)
    return reducer_of(reducer).finished() ? 1 : 0;
#else
    TORCH_CHECK(false, "torch.distributed is not available");
#endif
  })
}

// Which of `params` the autograd graph of `outputs` reaches (reached[i] = 1 or 0), i.e. which would get a gradient
// from outputs' backward. Returns 0, or -1 on failure.
KN_API int32_t kn_dist_reached_parameters(kn_tensor* params, int32_t count, kn_tensor* outputs, int32_t output_count,
                                          int32_t* reached) {
  KN_STATUS({
#if defined(KN_HAVE_C10D)
    auto ps = tensor_list(params, count, "parameter");
    auto outs = tensor_list(outputs, output_count, "output");
    std::unordered_set<torch::autograd::Node*> seen;
    std::vector<torch::autograd::Node*> pending;
    for (const auto& out : outs) {
      if (!out.requires_grad()) continue;
      auto fn = torch::autograd::impl::gradient_edge(out).function;
      if (fn && seen.insert(fn.get()).second) pending.push_back(fn.get());
    }
    while (!pending.empty()) {
      auto* node = pending.back();
      pending.pop_back();
      for (const auto& edge : node->next_edges())
        if (edge.function && seen.insert(edge.function.get()).second) pending.push_back(edge.function.get());
    }
    for (size_t i = 0; i < ps.size(); ++i) {
      auto acc = ps[i].requires_grad() ? torch::autograd::impl::try_get_grad_accumulator(ps[i]) : nullptr;
      reached[i] = acc && seen.count(acc.get()) != 0 ? 1 : 0;
    }
#else
    TORCH_CHECK(false, "torch.distributed is not available");
#endif
  })
}
