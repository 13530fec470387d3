// Fused optimizer steps: one call updates every parameter of a model, with torch.optim's update formulas
// (the single-tensor implementations, op for op, so results match PyTorch's to the last bits where the
// kernels allow). The caller owns the state tensors (moments, buffers) and the step count; the shim only
// updates them in place. Gradients come from `grads` when it is given (null entries are skipped), otherwise
// from each parameter's .grad (parameters without one are skipped). Updates run without autograd recording.
#include "common.h"
#include <cmath>

namespace {

// Calls f(i, param, grad) for every parameter that has a gradient.
template <typename F>
void for_each_with_grad(kn_tensor* params, kn_tensor* grads, int32_t count, F&& f) {
  at::NoGradGuard no_grad;
  for (int32_t i = 0; i < count; ++i) {
    at::Tensor& param = *params[i];
    at::Tensor grad = grads ? kn_or_undefined(grads[i]) : param.grad();
    if (!grad.defined()) continue;
    f(i, param, grad);
  }
}

// The tensors a norm or a clip works on: the gradients of `tensors` (use_grad) or the tensors themselves.
std::vector<at::Tensor> norm_operands(kn_tensor* tensors, int32_t count, int32_t use_grad) {
  std::vector<at::Tensor> result;
  result.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    at::Tensor t = use_grad ? tensors[i]->grad() : *tensors[i];
    if (t.defined()) result.push_back(t.detach());
  }
  return result;
}

// torch.nn.utils.clip_grad_norm_'s total norm: the norm of the per-tensor norms, on the first tensor's device.
at::Tensor total_norm(const std::vector<at::Tensor>& tensors, double norm_type) {
  if (tensors.empty()) return at::zeros({}, at::kFloat);
  const at::Device device = tensors[0].device();
  if (std::isinf(norm_type)) {
    std::vector<at::Tensor> maxima;
    maxima.reserve(tensors.size());
    for (const auto& t : tensors) maxima.push_back(t.abs().max().to(device));
    return maxima.size() == 1 ? maxima[0] : at::stack(maxima).max();
  }
  std::vector<at::Tensor> norms = at::_foreach_norm(tensors, norm_type);
  for (auto& n : norms) n = n.to(device);
  return at::norm(at::stack(norms), norm_type);
}

}  // namespace

// torch.optim.SGD. momentum_buffers may be null when momentum is 0. On step 1 a buffer starts as a copy of the
// (weight-decayed) gradient, as PyTorch's lazily created buffer does.
KN_API int32_t kn_optim_sgd(kn_tensor* params, kn_tensor* grads, kn_tensor* momentum_buffers, int32_t count, int64_t step,
                            double lr, double momentum, double dampening, double weight_decay, int32_t nesterov) {
  KN_STATUS(for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor d_p) {
    if (weight_decay != 0) d_p = d_p.add(param, weight_decay);
    if (momentum != 0) {
      at::Tensor& buf = *momentum_buffers[i];
      if (step <= 1) buf.copy_(d_p);
      else buf.mul_(momentum).add_(d_p, 1 - dampening);
      d_p = nesterov ? d_p.add(buf, momentum) : buf;
    }
    param.add_(d_p, -lr);
  });)
}

// torch.optim.Adam (decoupled = 0: L2 penalty added to the gradient) and torch.optim.AdamW (decoupled = 1: the
// parameter decays by lr * weight_decay). max_exp_avg_sqs is needed only with amsgrad. `step` counts from 1.
KN_API int32_t kn_optim_adam(kn_tensor* params, kn_tensor* grads, kn_tensor* exp_avgs, kn_tensor* exp_avg_sqs,
                             kn_tensor* max_exp_avg_sqs, int32_t count, int64_t step, double lr, double beta1, double beta2,
                             double eps, double weight_decay, int32_t amsgrad, int32_t decoupled) {
  KN_STATUS({
    const double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(step));
    const double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(step));
    const double step_size = lr / bias_correction1;
    const double bias_correction2_sqrt = std::sqrt(bias_correction2);
    for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor grad) {
      if (decoupled) {
        if (weight_decay != 0) param.mul_(1 - lr * weight_decay);
      } else if (weight_decay != 0) {
        grad = grad.add(param, weight_decay);
      }
      at::Tensor& exp_avg = *exp_avgs[i];
      at::Tensor& exp_avg_sq = *exp_avg_sqs[i];
      exp_avg.mul_(beta1).add_(grad, 1 - beta1);
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
      at::Tensor denom;
      if (amsgrad) {
        at::Tensor& max_sq = *max_exp_avg_sqs[i];
        at::maximum_out(max_sq, max_sq, exp_avg_sq);
        denom = (max_sq.sqrt() / bias_correction2_sqrt).add_(eps);
      } else {
        denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps);
      }
      param.addcdiv_(exp_avg, denom, -step_size);
    });
  })
}

// torch.optim.Adamax: exp_infs holds the exponentially weighted infinity norm.
KN_API int32_t kn_optim_adamax(kn_tensor* params, kn_tensor* grads, kn_tensor* exp_avgs, kn_tensor* exp_infs, int32_t count,
                               int64_t step, double lr, double beta1, double beta2, double eps, double weight_decay) {
  KN_STATUS({
    const double clr = lr / (1 - std::pow(beta1, static_cast<double>(step)));
    for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor grad) {
      if (weight_decay != 0) grad = grad.add(param, weight_decay);
      at::Tensor& exp_avg = *exp_avgs[i];
      at::Tensor& exp_inf = *exp_infs[i];
      exp_avg.mul_(beta1).add_(grad, 1 - beta1);
      at::maximum_out(exp_inf, exp_inf.mul_(beta2), grad.abs().add_(eps));
      param.addcdiv_(exp_avg, exp_inf, -clr);
    });
  })
}

// torch.optim.NAdam, with PyTorch 2.x's formula (the momentum-schedule product up to step t + 1 is
// mu_product * mu_next; 1.13 multiplied mu in twice). *mu_product is the caller's state: the product of the
// schedule up to the previous step (1 before the first), multiplied by this step's mu on success.
KN_API int32_t kn_optim_nadam(kn_tensor* params, kn_tensor* grads, kn_tensor* exp_avgs, kn_tensor* exp_avg_sqs, int32_t count,
                              int64_t step, double* mu_product_state, double lr, double beta1, double beta2, double eps,
                              double weight_decay, double momentum_decay) {
  KN_STATUS({
    const double t = static_cast<double>(step);
    const double bias_correction2 = 1 - std::pow(beta2, t);
    const double mu = beta1 * (1. - 0.5 * std::pow(0.96, t * momentum_decay));
    const double mu_next = beta1 * (1. - 0.5 * std::pow(0.96, (t + 1) * momentum_decay));
    const double mu_product = *mu_product_state * mu;
    const double mu_product_next = mu_product * mu_next;
    for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor grad) {
      if (weight_decay != 0) grad = grad.add(param, weight_decay);
      at::Tensor& exp_avg = *exp_avgs[i];
      at::Tensor& exp_avg_sq = *exp_avg_sqs[i];
      exp_avg.mul_(beta1).add_(grad, 1 - beta1);
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
      at::Tensor denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps);
      param.addcdiv_(grad, denom, -lr * (1. - mu) / (1. - mu_product));
      param.addcdiv_(exp_avg, denom, -lr * mu_next / (1. - mu_product_next));
    });
    *mu_product_state = mu_product;
  })
}

// torch.optim.RMSprop. grad_avgs is needed only when centered, momentum_buffers only when momentum > 0.
KN_API int32_t kn_optim_rmsprop(kn_tensor* params, kn_tensor* grads, kn_tensor* square_avgs, kn_tensor* grad_avgs,
                                kn_tensor* momentum_buffers, int32_t count, double lr, double alpha, double eps,
                                double weight_decay, double momentum, int32_t centered) {
  KN_STATUS(for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor grad) {
    if (weight_decay != 0) grad = grad.add(param, weight_decay);
    at::Tensor& square_avg = *square_avgs[i];
    square_avg.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
    at::Tensor avg;
    if (centered) {
      at::Tensor& grad_avg = *grad_avgs[i];
      grad_avg.mul_(alpha).add_(grad, 1 - alpha);
      avg = square_avg.addcmul(grad_avg, grad_avg, -1).sqrt_();
    } else {
      avg = square_avg.sqrt();
    }
    avg.add_(eps);
    if (momentum > 0) {
      at::Tensor& buf = *momentum_buffers[i];
      buf.mul_(momentum).addcdiv_(grad, avg);
      param.add_(buf, -lr);
    } else {
      param.addcdiv_(grad, avg, -lr);
    }
  });)
}

// torch.optim.Adagrad (dense gradients). state_sums start at initial_accumulator_value (the caller's choice).
KN_API int32_t kn_optim_adagrad(kn_tensor* params, kn_tensor* grads, kn_tensor* state_sums, int32_t count, int64_t step,
                                double lr, double lr_decay, double weight_decay, double eps) {
  KN_STATUS({
    const double clr = lr / (1 + static_cast<double>(step - 1) * lr_decay);
    for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor grad) {
      if (weight_decay != 0) grad = grad.add(param, weight_decay);
      at::Tensor& state_sum = *state_sums[i];
      state_sum.addcmul_(grad, grad, 1);
      at::Tensor std = state_sum.sqrt().add_(eps);
      param.addcdiv_(grad, std, -clr);
    });
  })
}

// torch.optim.Adadelta.
KN_API int32_t kn_optim_adadelta(kn_tensor* params, kn_tensor* grads, kn_tensor* square_avgs, kn_tensor* acc_deltas,
                                 int32_t count, double lr, double rho, double eps, double weight_decay) {
  KN_STATUS(for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor grad) {
    if (weight_decay != 0) grad = grad.add(param, weight_decay);
    at::Tensor& square_avg = *square_avgs[i];
    at::Tensor& acc_delta = *acc_deltas[i];
    square_avg.mul_(rho).addcmul_(grad, grad, 1 - rho);
    at::Tensor std = square_avg.add(eps).sqrt_();
    at::Tensor delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad);
    acc_delta.mul_(rho).addcmul_(delta, delta, 1 - rho);
    param.add_(delta, -lr);
  });)
}

// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the sign of an interpolation of
// the momentum and the gradient, with decoupled weight decay.
KN_API int32_t kn_optim_lion(kn_tensor* params, kn_tensor* grads, kn_tensor* exp_avgs, int32_t count, double lr, double beta1,
                             double beta2, double weight_decay) {
  KN_STATUS(for_each_with_grad(params, grads, count, [&](int32_t i, at::Tensor& param, at::Tensor grad) {
    if (weight_decay != 0) param.mul_(1 - lr * weight_decay);
    at::Tensor& exp_avg = *exp_avgs[i];
    at::Tensor update = exp_avg.mul(beta1).add_(grad, 1 - beta1).sign_();
    param.add_(update, -lr);
    exp_avg.mul_(beta2).add_(grad, 1 - beta2);
  });)
}

// The norm of all the tensors together (of their gradients with use_grad; tensors without one are skipped), as
// if concatenated into one vector. A 0-dim tensor on the first tensor's device (a float32 zero when none).
KN_API kn_tensor kn_global_norm(kn_tensor* tensors, int32_t count, double norm_type, int32_t use_grad) {
  KN_GUARD(nullptr, {
    at::NoGradGuard no_grad;
    return kn_wrap(total_norm(norm_operands(tensors, count, use_grad), norm_type));
  })
}

// torch.nn.utils.clip_grad_norm_: scales the gradients (use_grad) or the tensors in place so that their total norm
// is at most max_norm; returns the total norm before clipping. No host synchronisation unless error_if_nonfinite.
KN_API kn_tensor kn_clip_grad_norm_(kn_tensor* tensors, int32_t count, double max_norm, double norm_type,
                                    int32_t error_if_nonfinite, int32_t use_grad) {
  KN_GUARD(nullptr, {
    at::NoGradGuard no_grad;
    std::vector<at::Tensor> operands = norm_operands(tensors, count, use_grad);
    at::Tensor norm = total_norm(operands, norm_type);
    if (operands.empty()) return kn_wrap(norm);
    if (error_if_nonfinite) {
      TORCH_CHECK_VALUE(at::isfinite(norm).item<bool>(), "the total norm of order ", norm_type,
                        " of the gradients is non-finite (", norm.item<double>(),
                        "), so it cannot be clipped. Pass error_if_nonfinite: false to scale by it anyway.");
    }
    // max_norm / (norm + 1e-6), computed as Python's float / tensor is.
    at::Tensor coef = at::clamp((norm + 1e-6).reciprocal().mul(max_norm), c10::nullopt, 1.0);
    for (auto& t : operands) t.mul_(coef.to(t.device()));
    return kn_wrap(norm);
  })
}

// torch.nn.utils.clip_grad_value_: clamps the gradients (use_grad) or the tensors in place to [-clip, clip].
KN_API int32_t kn_clip_grad_value_(kn_tensor* tensors, int32_t count, double clip_value, int32_t use_grad) {
  KN_STATUS({
    at::NoGradGuard no_grad;
    for (auto& t : norm_operands(tensors, count, use_grad)) t.clamp_(-clip_value, clip_value);
  })
}
