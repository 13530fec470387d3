// A CPU allocator for libtorch that keeps freed small blocks in per-thread free lists, so that the many tiny
// tensors of eager code (scalars, losses, index tensors, one-element results) skip posix_memalign, the slowest
// part of creating a small tensor with glibc. Blocks above 1 KiB, and everything once a thread's cache holds
// 4 MiB, go straight to c10's own allocation functions. Data stays 64-byte aligned, as with c10's allocator.
//
// Installed when the shim loads, unless KERASNET_CPU_ALLOCATOR=default is set; kn_cpu_allocator_is_caching
// tells which one is active.
#include "common.h"
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <cstdlib>
#include <cstring>

namespace {

constexpr size_t kHeader = 64;  // in front of the data: keeps it 64-byte aligned and records the size class
constexpr size_t kGranule = 64;
constexpr int kClasses = 16;  // data of up to kClasses * kGranule = 1 KiB is cached
constexpr size_t kMaxCachedBytes = size_t{4} << 20;
constexpr int32_t kUncached = -1;

struct Header {
  int32_t size_class;  // kUncached for blocks that bypass the cache
};

inline size_t block_bytes(int cls) { return kHeader + static_cast<size_t>(cls + 1) * kGranule; }

struct ThreadCache {
  std::vector<void*> lists[kClasses];
  size_t bytes = 0;
  ~ThreadCache();
};

// 0: not yet created on this thread, 1: alive, 2: destroyed (thread exiting; blocks then go straight back).
thread_local int cache_state = 0;

ThreadCache* local_cache() {
  if (cache_state == 2) return nullptr;
  thread_local ThreadCache cache;
  cache_state = 1;
  return &cache;
}

ThreadCache::~ThreadCache() {
  cache_state = 2;
  for (auto& list : lists)
    for (void* block : list) c10::free_cpu(block);
}

void release(void* data) {
  if (!data) return;
  void* block = static_cast<char*>(data) - kHeader;
  const int32_t cls = static_cast<Header*>(block)->size_class;
  if (cls != kUncached) {
    ThreadCache* cache = local_cache();
    if (cache && cache->bytes + block_bytes(cls) <= kMaxCachedBytes) {
      cache->lists[cls].push_back(block);
      cache->bytes += block_bytes(cls);
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
      ThreadCache* cache = local_cache();
      if (cache && !cache->lists[cls].empty()) {
        block = cache->lists[cls].back();
        cache->lists[cls].pop_back();
        cache->bytes -= block_bytes(cls);
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

bool install() {
  const char* choice = std::getenv("KERASNET_CPU_ALLOCATOR");
  if (choice && std::strcmp(choice, "default") == 0) return false;
  // Never destroyed: storages hold a pointer to their allocator and may outlive static destruction.
  static auto* allocator = new CachingCPUAllocator();
  c10::SetCPUAllocator(allocator, /*priority=*/1);
  return true;
}

const bool installed = install();

}  // namespace

KN_API int32_t kn_cpu_allocator_is_caching() { return installed ? 1 : 0; }
