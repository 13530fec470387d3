// Autograd: requires_grad, backward, grad, detach.
#include "common.h"
#include <torch/csrc/autograd/autograd.h>

KN_API int32_t kn_requires_grad(kn_tensor t) { KN_GUARD(-1, return t->requires_grad() ? 1 : 0;) }

KN_API int32_t kn_set_requires_grad(kn_tensor t, int32_t value) { KN_STATUS(t->set_requires_grad(value != 0);) }

KN_API int32_t kn_is_leaf(kn_tensor t) { KN_GUARD(-1, return t->is_leaf() ? 1 : 0;) }

// gradient may be null (implicit 1 for a scalar output).
KN_API int32_t kn_backward(kn_tensor t, kn_tensor gradient, int32_t retain_graph, int32_t create_graph) {
  KN_STATUS({
    c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
    t->backward(kn_or_undefined(gradient), retain, create_graph != 0);
  })
}

// Gradients of `outputs` with respect to `inputs` (torch.autograd.grad). Writes n_inputs handles into `results`
// (null where an input is unused and allow_unused is set).
KN_API int32_t kn_autograd_grad(kn_tensor* outputs, int32_t n_outputs, kn_tensor* grad_outputs, kn_tensor* inputs, int32_t n_inputs,
                                int32_t retain_graph, int32_t create_graph, int32_t allow_unused, kn_tensor* results) {
  KN_STATUS({
    std::vector<at::Tensor> outs, grads, ins;
    for (int32_t i = 0; i < n_outputs; ++i) {
      outs.push_back(*outputs[i]);
      grads.push_back(grad_outputs ? kn_or_undefined(grad_outputs[i]) : at::Tensor());
    }
    for (int32_t i = 0; i < n_inputs; ++i) ins.push_back(*inputs[i]);
    c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
    auto result = torch::autograd::grad(outs, ins, grads, retain, create_graph != 0, allow_unused != 0);
    for (int32_t i = 0; i < n_inputs; ++i) results[i] = result[i].defined() ? new at::Tensor(result[i]) : nullptr;
  })
}

// The accumulated gradient, or null when there is none yet (no error is set then).
KN_API kn_tensor kn_grad(kn_tensor t) {
  KN_GUARD(nullptr, {
    const at::Tensor& g = t->grad();
    return g.defined() ? new at::Tensor(g) : nullptr;
  })
}

KN_API int32_t kn_set_grad(kn_tensor t, kn_tensor grad) { KN_STATUS(t->mutable_grad() = kn_or_undefined(grad);) }

// Sets the gradient to none (set_to_none) or to zeros in place.
KN_API int32_t kn_zero_grad(kn_tensor t, int32_t set_to_none) {
  KN_STATUS({
    at::Tensor& g = t->mutable_grad();
    if (!g.defined()) return 0;
    if (set_to_none) {
      g = at::Tensor();
    } else {
      if (g.grad_fn()) g = g.detach();
      else g.requires_grad_(false);
      g.zero_();
    }
  })
}

KN_API int32_t kn_retain_grad(kn_tensor t) { KN_STATUS(t->retain_grad();) }

KN_API kn_tensor kn_detach(kn_tensor t) { KN_TENSOR(t->detach()) }

KN_API int32_t kn_detach_(kn_tensor t) { KN_STATUS(t->detach_();) }

KN_API int32_t kn_has_grad_fn(kn_tensor t) { KN_GUARD(-1, return t->grad_fn() ? 1 : 0;) }
