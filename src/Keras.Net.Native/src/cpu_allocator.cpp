// Small-block caching for the two allocations every op result makes through the shim:
//
// 1. A CPU allocator for libtorch that keeps freed small blocks in per-thread free lists, so that the many tiny
//    tensors of eager code (scalars, losses, index tensors, one-element results) skip posix_memalign, the slowest
//    part of creating a small tensor with glibc. Blocks above 1 KiB, and everything once a thread's cache holds
//    4 MiB, go straight to c10's own allocation functions. Data stays 64-byte aligned, as with c10's allocator.
//    Installed when the shim loads, unless KERASNET_CPU_ALLOCATOR=default is set; kn_cpu_allocator_is_caching
//    tells which one is active. Installing it also keeps large blocks on glibc's heap (see
//    keep_large_blocks_on_the_heap).
// 2. The handles (heap at::Tensor objects) that kn_wrap creates and kn_tensor_release frees, recycled through a
//    per-thread list. A slot is exactly what `new at::Tensor` allocates, so kn_tensor_free (plain delete) and
//    handles made with `new` elsewhere mix freely with the pooled ones.
//
// Memory freed on a thread goes to that thread's lists (bounded), whichever thread allocated it; a thread's lists
// are returned to the system when it exits.
#include "common.h"
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <cstdlib>
#include <malloc.h>
#include <cstring>

namespace {

constexpr size_t kHeader = 64;  // in front of the data: keeps it 64-byte aligned and records the size class
constexpr size_t kGranule = 64;
constexpr int kClasses = 16;  // data of up to kClasses * kGranule = 1 KiB is cached
constexpr size_t kMaxCachedBytes = size_t{4} << 20;
constexpr size_t kMaxCachedHandles = 8192;
constexpr int32_t kUncached = -1;

struct Header {
  int32_t size_class;  // kUncached for blocks that bypass the cache
};

inline size_t block_bytes(int cls) { return kHeader + static_cast<size_t>(cls + 1) * kGranule; }

struct ThreadCaches {
  std::vector<void*> blocks[kClasses];
  size_t block_bytes_held = 0;
  std::vector<void*> handles;

  ~ThreadCaches() {
    for (auto& list : blocks)
      for (void* block : list) c10::free_cpu(block);
    for (void* slot : handles) ::operator delete(slot);
  }
};

// One pointer per thread, read with the initial-exec TLS model (a plain segment-relative load, no
// __tls_get_addr call) on every allocation. `dead` is set once the thread's caches are gone (thread exit), after
// which memory goes straight back to the system.
__attribute__((tls_model("initial-exec"))) thread_local ThreadCaches* tls_caches = nullptr;
__attribute__((tls_model("initial-exec"))) thread_local bool tls_dead = false;

struct CachesOwner {
  ~CachesOwner() {
    ThreadCaches* caches = tls_caches;
    tls_caches = nullptr;
    tls_dead = true;
    delete caches;
  }
};

__attribute__((noinline)) ThreadCaches* create_caches() {
  if (tls_dead) return nullptr;
  thread_local CachesOwner owner;  // its destructor runs at thread exit
  (void)owner;
  tls_caches = new ThreadCaches();
  return tls_caches;
}

inline ThreadCaches* local_caches() {
  ThreadCaches* caches = tls_caches;
  return __builtin_expect(caches != nullptr, 1) ? caches : create_caches();
}

void release(void* data) {
  if (!data) return;
  void* block = static_cast<char*>(data) - kHeader;
  const int32_t cls = static_cast<Header*>(block)->size_class;
  if (cls != kUncached) {
    ThreadCaches* caches = local_caches();
    if (caches && caches->block_bytes_held + block_bytes(cls) <= kMaxCachedBytes) {
      caches->blocks[cls].push_back(block);
      caches->block_bytes_held += block_bytes(cls);
      return;
    }
  }
  c10::free_cpu(block);
}

struct CachingCPUAllocator final : public c10::Allocator {
  c10::DataPtr allocate(size_t nbytes) const override {
    const c10::Device cpu(c10::DeviceType::CPU);
    if (nbytes == 0) return {nullptr, nullptr, &release, cpu};
    void* block = nullptr;
    int32_t cls = kUncached;
    if (nbytes <= kClasses * kGranule) {
      cls = static_cast<int32_t>((nbytes - 1) / kGranule);
      ThreadCaches* caches = local_caches();
      if (caches && !caches->blocks[cls].empty()) {
        block = caches->blocks[cls].back();
        caches->blocks[cls].pop_back();
        caches->block_bytes_held -= block_bytes(cls);
      } else {
        block = c10::alloc_cpu(block_bytes(cls));
      }
    } else {
      block = c10::alloc_cpu(kHeader + nbytes);
    }
    static_cast<Header*>(block)->size_class = cls;
    void* data = static_cast<char*>(block) + kHeader;
    return {data, data, &release, cpu};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &release; }
};

// Large blocks (activations, gradients) come from glibc malloc. By default glibc serves every block above its
// dynamic mmap threshold with a fresh mmap and returns it on free, so each training step page-faults its way
// through tens of megabytes again (about a quarter of a convnet step on these machines). Keeping blocks up to
// 32 MiB (glibc's largest threshold) on the heap, and up to 512 MiB of freed heap before trimming, lets them be
// reused instead, as PyTorch's caching allocators do on GPUs. Explicit MALLOC_* environment settings win.
void keep_large_blocks_on_the_heap() {
  if (!std::getenv("MALLOC_MMAP_THRESHOLD_")) mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  if (!std::getenv("MALLOC_TRIM_THRESHOLD_")) mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
}

bool install() {
  const char* choice = std::getenv("KERASNET_CPU_ALLOCATOR");
  if (choice && std::strcmp(choice, "default") == 0) return false;
  keep_large_blocks_on_the_heap();
  // Never destroyed: storages hold a pointer to their allocator and may outlive static destruction.
  static auto* allocator = new CachingCPUAllocator();
  c10::SetCPUAllocator(allocator, /*priority=*/1);
  return true;
}

const bool installed = install();

}  // namespace

kn_tensor kn_new_handle(at::Tensor&& tensor) {
  ThreadCaches* caches = local_caches();
  void* slot;
  if (caches && !caches->handles.empty()) {
    slot = caches->handles.back();
    caches->handles.pop_back();
  } else {
    slot = ::operator new(sizeof(at::Tensor));
  }
  return new (slot) at::Tensor(std::move(tensor));
}

// Frees a handle (any handle the shim returned), keeping its slot for the next result made on this thread.
KN_API void kn_tensor_release(kn_tensor t) {
  if (!t) return;
  t->~Tensor();
  ThreadCaches* caches = local_caches();
  if (caches && caches->handles.size() < kMaxCachedHandles) caches->handles.push_back(t);
  else ::operator delete(t);
}

KN_API int32_t kn_cpu_allocator_is_caching() { return installed ? 1 : 0; }
