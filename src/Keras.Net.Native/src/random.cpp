// Random tensors and generators. A null generator means libtorch's default generator.
#include "common.h"
#include <ATen/CPUGeneratorImpl.h>

typedef at::Generator* kn_generator;

static c10::optional<at::Generator> kn_gen(kn_generator g) {
  return g ? c10::optional<at::Generator>(*g) : c10::nullopt;
}

KN_API kn_generator kn_generator_new(uint64_t seed) {
  KN_GUARD(nullptr, return new at::Generator(at::detail::createCPUGenerator(seed));)
}

KN_API void kn_generator_free(kn_generator g) { delete g; }

KN_API int32_t kn_generator_manual_seed(kn_generator g, uint64_t seed) {
  KN_STATUS({
    std::lock_guard<std::mutex> lock(g->mutex());
    g->set_current_seed(seed);
  })
}

KN_API uint64_t kn_generator_initial_seed(kn_generator g) { KN_GUARD(0, return g->current_seed();) }

KN_API kn_tensor kn_rand(const int64_t* shape, int32_t ndim, kn_generator g, int32_t dtype, int32_t dev_type, int32_t dev_index,
                         int32_t rg) {
  KN_TENSOR(at::rand(kn_dims(shape, ndim), kn_gen(g), kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_randn(const int64_t* shape, int32_t ndim, kn_generator g, int32_t dtype, int32_t dev_type, int32_t dev_index,
                          int32_t rg) {
  KN_TENSOR(at::randn(kn_dims(shape, ndim), kn_gen(g), kn_options(dtype, dev_type, dev_index, false)).set_requires_grad(rg != 0))
}

KN_API kn_tensor kn_randint(int64_t low, int64_t high, const int64_t* shape, int32_t ndim, kn_generator g, int32_t dtype,
                            int32_t dev_type, int32_t dev_index) {
  KN_TENSOR(at::randint(low, high, kn_dims(shape, ndim), kn_gen(g), kn_options(dtype, dev_type, dev_index, false)))
}

KN_API kn_tensor kn_randperm(int64_t n, kn_generator g, int32_t dtype, int32_t dev_type, int32_t dev_index) {
  KN_TENSOR(at::randperm(n, kn_gen(g), kn_options(dtype, dev_type, dev_index, false)))
}

KN_API kn_tensor kn_normal(double mean, double std, const int64_t* shape, int32_t ndim, kn_generator g, int32_t dtype,
                           int32_t dev_type, int32_t dev_index) {
  KN_TENSOR(at::normal(mean, std, kn_dims(shape, ndim), kn_gen(g), kn_options(dtype, dev_type, dev_index, false)))
}

KN_API kn_tensor kn_bernoulli(kn_tensor probabilities, kn_generator g) { KN_TENSOR(at::bernoulli(*probabilities, kn_gen(g))) }

// In-place fills used by initializers.
KN_API int32_t kn_uniform_(kn_tensor t, double from, double to, kn_generator g) { KN_STATUS(t->uniform_(from, to, kn_gen(g));) }
KN_API int32_t kn_normal_(kn_tensor t, double mean, double std, kn_generator g) { KN_STATUS(t->normal_(mean, std, kn_gen(g));) }
KN_API int32_t kn_bernoulli_(kn_tensor t, double p, kn_generator g) { KN_STATUS(t->bernoulli_(p, kn_gen(g));) }

// Generator state as a uint8 CPU tensor (torch.get_rng_state / torch.Generator.get_state). A null generator means
// libtorch's default CPU generator.
KN_API kn_tensor kn_generator_get_state(kn_generator g) {
  KN_GUARD(nullptr, {
    at::Generator gen = g ? *g : at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return kn_wrap(gen.get_state());
  })
}

KN_API int32_t kn_generator_set_state(kn_generator g, kn_tensor state) {
  KN_STATUS({
    at::Generator gen = g ? *g : at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(*state);
  })
}
