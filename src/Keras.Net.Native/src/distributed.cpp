// torch.distributed over libtorch's c10d: a TCPStore for rendezvous, process groups (Gloo on CPU; NCCL when the
// libtorch build and its headers have it) and the collectives data-parallel training needs. Every collective waits
// with a timeout, so a dead or stuck peer comes back as an error (never a hang). Policy (which backend, which
// interface, the default timeout) lives in the managed binding; this file only marshals.
//
// API differences between libtorch versions: in 1.13 ProcessGroupGloo derives from c10d::ProcessGroup, in 2.x from
// c10d::Backend; both expose the same collective methods, so groups are held through a small template wrapper
// instead of a base-class pointer.
#include "common.h"
#include "distributed_internal.h"

#include <chrono>
#include <climits>
#include <cstring>
#include <memory>
#include <type_traits>

#if defined(KN_HAVE_C10D)
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/Types.hpp>
#include <torch/csrc/distributed/c10d/Work.hpp>
#if defined(USE_C10D_GLOO)
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if defined(USE_C10D_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

namespace {

[[noreturn, maybe_unused]] void kn_no_c10d(const char* what) {
  throw std::runtime_error(std::string("torch.distributed: ") + what +
                           " is not available: the native shim was built against a libtorch without it "
                           "(see docs/DISTRIBUTED.md: Gloo needs the gloo headers, e.g. Debian's libgloo-dev)");
}

#if defined(KN_HAVE_C10D)

std::chrono::milliseconds kn_ms(int64_t ms) { return std::chrono::milliseconds(ms); }

// A process group of any backend, type-erased (the backends share no common base across libtorch versions).
struct kn_group {
  virtual ~kn_group() = default;
  virtual c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& t, const c10d::AllreduceOptions& o) = 0;
  virtual c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& t, const c10d::BroadcastOptions& o) = 0;
  virtual c10::intrusive_ptr<c10d::Work> allgather(std::vector<std::vector<at::Tensor>>& out, std::vector<at::Tensor>& in,
                                                   const c10d::AllgatherOptions& o) = 0;
  virtual c10::intrusive_ptr<c10d::Work> barrier(const c10d::BarrierOptions& o) = 0;
  // The group as a c10d::ProcessGroup (what the DDP Reducer takes); null where the backend is not one (libtorch 2.x).
  virtual c10::intrusive_ptr<c10d::ProcessGroup> as_process_group() = 0;
  int64_t rank = 0;
  int64_t size = 1;
  int64_t timeout_ms = 0;
  c10::intrusive_ptr<c10d::Store> store;  // keeps the rendezvous store alive as long as the group
};

template <typename PG>
struct kn_group_of final : kn_group {
  explicit kn_group_of(c10::intrusive_ptr<PG> group) : pg(std::move(group)) {}
  c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& t, const c10d::AllreduceOptions& o) override {
    return pg->allreduce(t, o);
  }
  c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& t, const c10d::BroadcastOptions& o) override {
    return pg->broadcast(t, o);
  }
  c10::intrusive_ptr<c10d::Work> allgather(std::vector<std::vector<at::Tensor>>& out, std::vector<at::Tensor>& in,
                                           const c10d::AllgatherOptions& o) override {
    return pg->allgather(out, in, o);
  }
  c10::intrusive_ptr<c10d::Work> barrier(const c10d::BarrierOptions& o) override { return pg->barrier(o); }
  c10::intrusive_ptr<c10d::ProcessGroup> as_process_group() override {
    if constexpr (std::is_base_of_v<c10d::ProcessGroup, PG>)
      return pg;
    else
      return {};
  }
  c10::intrusive_ptr<PG> pg;
};

struct kn_store {
  c10::intrusive_ptr<c10d::Store> store;
  int64_t port = 0;
};

kn_group& group_of(void* handle) {
  TORCH_CHECK(handle != nullptr, "the process group was destroyed (null handle)");
  return *static_cast<kn_group*>(handle);
}

kn_store& store_of(void* handle) {
  TORCH_CHECK(handle != nullptr, "the store was closed (null handle)");
  return *static_cast<kn_store*>(handle);
}

std::chrono::milliseconds effective_timeout(const kn_group& g, int64_t timeout_ms) {
  return kn_ms(timeout_ms > 0 ? timeout_ms : g.timeout_ms);
}

// Waits for a collective; a timeout or a peer failure surfaces as an exception (the managed side names the
// collective). libtorch's backtrace is dropped: the message is what a user needs.
void wait_for(const c10::intrusive_ptr<c10d::Work>& work, std::chrono::milliseconds timeout) {
  try {
    work->wait(timeout);
  } catch (const c10::Error& e) {
    throw std::runtime_error(e.what_without_backtrace());
  }
}

// Buckets of consecutive tensors with the same dtype and device, each at most bucket_bytes (a larger tensor gets a
// bucket of its own).
std::vector<std::vector<at::Tensor>> make_buckets(kn_tensor* tensors, int32_t count, int64_t bucket_bytes) {
  std::vector<std::vector<at::Tensor>> buckets;
  int64_t bytes = 0;
  for (int32_t i = 0; i < count; ++i) {
    TORCH_CHECK(tensors[i] != nullptr && tensors[i]->defined(), "tensor ", i, " of the list is undefined");
    const at::Tensor& t = *tensors[i];
    const int64_t size = t.numel() * static_cast<int64_t>(t.element_size());
    const bool fits = !buckets.empty() && buckets.back().front().scalar_type() == t.scalar_type() &&
                      buckets.back().front().device() == t.device() && bytes + size <= bucket_bytes;
    if (!fits) {
      buckets.emplace_back();
      bytes = 0;
    }
    buckets.back().push_back(t);
    bytes += size;
  }
  return buckets;
}

// One flat tensor per bucket (the tensor itself when a bucket holds a single contiguous tensor).
at::Tensor flatten_bucket(const std::vector<at::Tensor>& bucket) {
  if (bucket.size() == 1 && bucket[0].is_contiguous()) return bucket[0];
  std::vector<at::Tensor> flat;
  flat.reserve(bucket.size());
  for (const auto& t : bucket) flat.push_back(t.reshape({-1}));
  return at::cat(flat);
}

void unflatten_bucket(const at::Tensor& flat, std::vector<at::Tensor>& bucket) {
  if (bucket.size() == 1 && flat.is_same(bucket[0])) return;
  int64_t offset = 0;
  for (auto& t : bucket) {
    const int64_t n = t.numel();
    t.copy_(flat.narrow(0, offset, n).view(t.sizes()));
    offset += n;
  }
}

c10d::ReduceOp to_reduce_op(int32_t op) {
  switch (op) {
    case 0: return c10d::ReduceOp::SUM;
    case 2: return c10d::ReduceOp::PRODUCT;
    case 3: return c10d::ReduceOp::MIN;
    case 4: return c10d::ReduceOp::MAX;
    default: TORCH_CHECK(false, "unknown reduce op code ", op);
  }
}

#endif  // KN_HAVE_C10D

}  // namespace

#if defined(KN_HAVE_C10D)
c10::intrusive_ptr<c10d::ProcessGroup> kn_dist_process_group(void* group, int64_t* timeout_ms) {
  auto& g = group_of(group);
  if (timeout_ms != nullptr) *timeout_ms = g.timeout_ms;
  return g.as_process_group();
}
#endif

// Which parts of torch.distributed this shim was built with: bit 0 = c10d, bit 1 = Gloo, bit 2 = NCCL.
KN_API int32_t kn_dist_features() {
  int32_t features = 0;
#if defined(KN_HAVE_C10D)
  features |= 1;
#endif
#if defined(KN_HAVE_C10D) && defined(USE_C10D_GLOO)
  features |= 2;
#endif
#if defined(KN_HAVE_C10D) && defined(USE_C10D_NCCL)
  features |= 4;
#endif
  return features;
}

// A TCPStore: the master (is_master) listens on host:port (port 0 picks a free one) and, with wait_workers, waits
// until world_size clients (itself included) have connected; a worker connects to host:port, retrying until timeout.
KN_API void* kn_dist_tcpstore_create(const char* host, int32_t port, int32_t world_size, int32_t is_master,
                                     int64_t timeout_ms, int32_t wait_workers) {
  KN_GUARD(nullptr, {
#if defined(KN_HAVE_C10D)
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(port);
    options.isServer = is_master != 0;
    options.numWorkers = static_cast<std::size_t>(world_size);
    options.waitWorkers = wait_workers != 0;
    options.timeout = kn_ms(timeout_ms);
    auto tcp = c10::make_intrusive<c10d::TCPStore>(std::string(host), options);
    auto* result = new kn_store();
    result->port = tcp->getPort();
    result->store = tcp;
    return static_cast<void*>(result);
#else
    kn_no_c10d("TCPStore");
#endif
  })
}

KN_API void kn_dist_store_free(void* store) {
#if defined(KN_HAVE_C10D)
  try {
    delete static_cast<kn_store*>(store);
  } catch (...) {
  }
#endif
}

KN_API int32_t kn_dist_store_port(void* store) {
  KN_GUARD(-1, {
#if defined(KN_HAVE_C10D)
    return static_cast<int32_t>(store_of(store).port);
#else
    kn_no_c10d("TCPStore");
#endif
  })
}

KN_API int32_t kn_dist_store_set(void* store, const char* key, const uint8_t* data, int64_t length) {
  KN_STATUS({
#if defined(KN_HAVE_C10D)
    store_of(store).store->set(key, std::vector<uint8_t>(data, data + length));
#else
    kn_no_c10d("TCPStore");
#endif
  })
}

// Copies the value of `key` (waiting up to the store's timeout for it to be set) into buffer when it fits; returns
// the value's length (call again with a larger buffer when it exceeds capacity), or -1 on failure.
KN_API int64_t kn_dist_store_get(void* store, const char* key, uint8_t* buffer, int64_t capacity) {
  KN_GUARD(-1, {
#if defined(KN_HAVE_C10D)
    const auto value = store_of(store).store->get(key);
    const auto length = static_cast<int64_t>(value.size());
    if (length <= capacity && length > 0) std::memcpy(buffer, value.data(), value.size());
    return length;
#else
    kn_no_c10d("TCPStore");
#endif
  })
}

// Adds `amount` to the integer counter `key` (created at 0) and returns the new value; INT64_MIN on failure.
KN_API int64_t kn_dist_store_add(void* store, const char* key, int64_t amount) {
  KN_GUARD(INT64_MIN, {
#if defined(KN_HAVE_C10D)
    return store_of(store).store->add(key, amount);
#else
    kn_no_c10d("TCPStore");
#endif
  })
}

KN_API int32_t kn_dist_store_wait(void* store, const char* key, int64_t timeout_ms) {
  KN_STATUS({
#if defined(KN_HAVE_C10D)
    store_of(store).store->wait({std::string(key)}, kn_ms(timeout_ms));
#else
    kn_no_c10d("TCPStore");
#endif
  })
}

// A process group over `store`. backend 0 = Gloo (over the network interface `iface`, else the address `hostname`,
// else libtorch's default device), 1 = NCCL. timeout_ms bounds every collective.
KN_API void* kn_dist_group_create(void* store, int32_t backend, int32_t rank, int32_t world_size, int64_t timeout_ms,
                                  const char* iface, const char* hostname) {
  KN_GUARD(nullptr, {
#if defined(KN_HAVE_C10D)
    auto& s = store_of(store);
    std::unique_ptr<kn_group> group;
    if (backend == 0) {
#if defined(USE_C10D_GLOO)
      auto options = c10d::ProcessGroupGloo::Options::create(kn_ms(timeout_ms));
      if (iface != nullptr && *iface != '\0')
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(iface));
      else if (hostname != nullptr && *hostname != '\0')
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(hostname));
      else
        options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
      options->threads = 2;
      group = std::make_unique<kn_group_of<c10d::ProcessGroupGloo>>(
          c10::make_intrusive<c10d::ProcessGroupGloo>(s.store, rank, world_size, options));
#else
      kn_no_c10d("the Gloo backend");
#endif
    } else if (backend == 1) {
#if defined(USE_C10D_NCCL)
      auto options = c10d::ProcessGroupNCCL::Options::create();
      options->timeout = kn_ms(timeout_ms);
      group = std::make_unique<kn_group_of<c10d::ProcessGroupNCCL>>(
          c10::make_intrusive<c10d::ProcessGroupNCCL>(s.store, rank, world_size, options));
#else
      kn_no_c10d("the NCCL backend");
#endif
    } else {
      TORCH_CHECK(false, "unknown backend code ", backend);
    }
    group->rank = rank;
    group->size = world_size;
    group->timeout_ms = timeout_ms;
    group->store = s.store;
    return static_cast<void*>(group.release());
#else
    kn_no_c10d("torch.distributed");
#endif
  })
}

KN_API void kn_dist_group_free(void* group) {
#if defined(KN_HAVE_C10D)
  try {
    delete static_cast<kn_group*>(group);
  } catch (...) {
  }
#endif
}

// All-reduces the tensors in place, flattened into buckets of at most bucket_bytes; every bucket is launched before
// any is waited for. op: 0 sum, 1 average (sum then divide by the world size; floating tensors only), 2 product,
// 3 min, 4 max.
KN_API int32_t kn_dist_all_reduce(void* group, kn_tensor* tensors, int32_t count, int32_t op, int64_t bucket_bytes,
                                  int64_t timeout_ms) {
  KN_STATUS({
#if defined(KN_HAVE_C10D)
    auto& g = group_of(group);
    at::NoGradGuard no_grad;
    auto buckets = make_buckets(tensors, count, bucket_bytes);
    if (op == 1)
      for (const auto& b : buckets)
        TORCH_CHECK(at::isFloatingType(b.front().scalar_type()) || at::isComplexType(b.front().scalar_type()),
                    "all_reduce with AVG needs floating tensors; received ", b.front().scalar_type());
    c10d::AllreduceOptions options;
    options.reduceOp = to_reduce_op(op == 1 ? 0 : op);
    options.timeout = effective_timeout(g, timeout_ms);
    std::vector<at::Tensor> flats;
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    for (const auto& b : buckets) {
      std::vector<at::Tensor> one{flatten_bucket(b)};
      works.push_back(g.allreduce(one, options));
      flats.push_back(one[0]);
    }
    for (size_t i = 0; i < works.size(); ++i) {
      wait_for(works[i], options.timeout);
      if (op == 1) flats[i].div_(static_cast<double>(g.size));
      unflatten_bucket(flats[i], buckets[i]);
    }
#else
    kn_no_c10d("torch.distributed");
#endif
  })
}

// Overwrites the tensors on every rank with the values of rank `root`, flattened into buckets as all_reduce does.
KN_API int32_t kn_dist_broadcast(void* group, kn_tensor* tensors, int32_t count, int32_t root, int64_t bucket_bytes,
                                 int64_t timeout_ms) {
  KN_STATUS({
#if defined(KN_HAVE_C10D)
    auto& g = group_of(group);
    at::NoGradGuard no_grad;
    auto buckets = make_buckets(tensors, count, bucket_bytes);
    c10d::BroadcastOptions options;
    options.rootRank = root;
    options.timeout = effective_timeout(g, timeout_ms);
    std::vector<at::Tensor> flats;
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    for (const auto& b : buckets) {
      std::vector<at::Tensor> one{flatten_bucket(b)};
      works.push_back(g.broadcast(one, options));
      flats.push_back(one[0]);
    }
    for (size_t i = 0; i < works.size(); ++i) {
      wait_for(works[i], options.timeout);
      unflatten_bucket(flats[i], buckets[i]);
    }
#else
    kn_no_c10d("torch.distributed");
#endif
  })
}

// Every rank's `input` (same shape and dtype on all ranks), stacked along a new first axis in rank order.
KN_API kn_tensor kn_dist_all_gather(void* group, kn_tensor input, int64_t timeout_ms) {
  KN_GUARD(nullptr, {
#if defined(KN_HAVE_C10D)
    auto& g = group_of(group);
    at::NoGradGuard no_grad;
    TORCH_CHECK(input != nullptr && input->defined(), "all_gather: the input tensor is undefined");
    std::vector<at::Tensor> in{input->contiguous()};
    std::vector<std::vector<at::Tensor>> out(1);
    for (int64_t r = 0; r < g.size; ++r) out[0].push_back(at::empty_like(in[0]));
    c10d::AllgatherOptions options;
    options.timeout = effective_timeout(g, timeout_ms);
    auto work = g.allgather(out, in, options);
    wait_for(work, options.timeout);
    return kn_wrap(at::stack(out[0]));
#else
    kn_no_c10d("torch.distributed");
#endif
  })
}

KN_API int32_t kn_dist_barrier(void* group, int64_t timeout_ms) {
  KN_STATUS({
#if defined(KN_HAVE_C10D)
    auto& g = group_of(group);
    c10d::BarrierOptions options;
    options.timeout = effective_timeout(g, timeout_ms);
    auto work = g.barrier(options);
    wait_for(work, options.timeout);
#else
    kn_no_c10d("torch.distributed");
#endif
  })
}

#if defined(KN_HAVE_C10D)
void kn_dist_sum_in_place(void* group, at::Tensor& tensor, int64_t timeout_ms) {
  auto& g = group_of(group);
  TORCH_CHECK(tensor.is_contiguous(), "kn_dist_sum_in_place needs a contiguous tensor");
  c10d::AllreduceOptions options;
  options.reduceOp = c10d::ReduceOp::SUM;
  options.timeout = effective_timeout(g, timeout_ms);
  std::vector<at::Tensor> one{tensor};
  wait_for(g.allreduce(one, options), options.timeout);
}
#endif
