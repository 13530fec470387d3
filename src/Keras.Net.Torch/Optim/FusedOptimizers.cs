using System.Globalization;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch.Optim;

/// <summary>
/// Optimizer steps that update every parameter of a model in one native call, with torch.optim's update formulas
/// and defaults. The caller owns the state: it creates the state tensors once (usually <c>torch.zeros_like(p)</c>,
/// one per parameter, in the parameters' order), keeps the step count, and passes both at every step; these
/// methods update the parameters and the state in place, without recording autograd history.
/// </summary>
/// <remarks>
/// Gradients are read from each parameter's <c>grad</c>, or from <c>grads</c> when it is given (one entry per
/// parameter). A parameter without a gradient (null) is skipped and its state is left untouched, as in PyTorch.
/// <c>step</c> is the number of the step being taken, counting from 1; all parameters share it.
/// </remarks>
/// <example><code>
/// var m = parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
/// var v = parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
/// for (long step = 1; ; step++)
/// {
///     loss.backward();
///     FusedOptimizers.adam_step(parameters, m, v, step, lr: 1e-3, eps: 1e-7);
/// }
/// </code></example>
public static unsafe class FusedOptimizers
{
    /// <summary>
    /// One step of SGD (torch.optim.SGD): <c>d = g + weight_decay * p</c>; with momentum,
    /// <c>buf = momentum * buf + (1 - dampening) * d</c> (on step 1, <c>buf = d</c>), and <c>d = buf</c> or, with
    /// Nesterov, <c>d = d + momentum * buf</c>; then <c>p -= lr * d</c>.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="momentum_buffers">One buffer per parameter (same shape); needed only when <paramref name="momentum"/> is not 0.</param>
    /// <param name="step">The number of this step, from 1; on step 1 the momentum buffers are overwritten with the first direction.</param>
    /// <param name="lr">Learning rate (PyTorch has no default; Keras's SGD uses 0.01).</param>
    /// <param name="momentum">Momentum factor (default 0).</param>
    /// <param name="dampening">Dampening of the momentum (default 0).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
    /// <param name="nesterov">Nesterov momentum (needs momentum &gt; 0 and dampening 0).</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void sgd_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor>? momentum_buffers, long step, double lr,
                                double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false,
                                IReadOnlyList<Tensor?>? grads = null)
    {
        const string op = "sgd_step";
        var count = CheckParameters(op, parameters, grads);
        CheckStep(op, step);
        CheckNonNegative(op, nameof(lr), lr);
        CheckNonNegative(op, nameof(momentum), momentum);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"{op}: Nesterov momentum needs momentum > 0 and dampening 0; received momentum {F(momentum)} and dampening {F(dampening)}.", nameof(nesterov));
        if (momentum != 0) CheckState(op, nameof(momentum_buffers), momentum_buffers, count, "momentum is not 0");
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var b = momentum != 0 ? Handles(momentum_buffers!) : null;
        int status;
        fixed (IntPtr* pp = p, gp = g, bp = b)
            status = NativeMethods.kn_optim_sgd(pp, gp, bp, count, step, lr, momentum, dampening, weight_decay, nesterov ? 1 : 0);
        Done(status, op, parameters, grads, momentum_buffers);
    }

    /// <summary>
    /// One step of Adam (torch.optim.Adam): <c>g += weight_decay * p</c>; <c>m = b1 m + (1 - b1) g</c>;
    /// <c>v = b2 v + (1 - b2) g²</c>; <c>p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)</c>.
    /// Keras's Adam uses <c>eps: 1e-7</c>.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="exp_avgs">First moments, one per parameter, zeros before step 1.</param>
    /// <param name="exp_avg_sqs">Second moments, one per parameter, zeros before step 1.</param>
    /// <param name="step">The number of this step, from 1 (used for bias correction).</param>
    /// <param name="lr">Learning rate (default 1e-3).</param>
    /// <param name="beta1">Decay of the first moment (default 0.9).</param>
    /// <param name="beta2">Decay of the second moment (default 0.999).</param>
    /// <param name="eps">Added to the denominator (default 1e-8).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
    /// <param name="amsgrad">Use the running maximum of the second moment (AMSGrad).</param>
    /// <param name="max_exp_avg_sqs">Running maxima of the second moment, zeros before step 1; needed only with <paramref name="amsgrad"/>.</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void adam_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> exp_avgs, IReadOnlyList<Tensor> exp_avg_sqs, long step,
                                 double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                                 bool amsgrad = false, IReadOnlyList<Tensor>? max_exp_avg_sqs = null, IReadOnlyList<Tensor?>? grads = null) =>
        AdamCore("adam_step", decoupled: false, parameters, exp_avgs, exp_avg_sqs, step, lr, beta1, beta2, eps, weight_decay, amsgrad, max_exp_avg_sqs, grads);

    /// <summary>
    /// One step of AdamW (torch.optim.AdamW): as <see cref="adam_step"/>, but the weight decay is decoupled:
    /// <c>p *= 1 - lr * weight_decay</c> before the Adam update, and the gradient is left as it is.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="exp_avgs">First moments, one per parameter, zeros before step 1.</param>
    /// <param name="exp_avg_sqs">Second moments, one per parameter, zeros before step 1.</param>
    /// <param name="step">The number of this step, from 1 (used for bias correction).</param>
    /// <param name="lr">Learning rate (default 1e-3).</param>
    /// <param name="beta1">Decay of the first moment (default 0.9).</param>
    /// <param name="beta2">Decay of the second moment (default 0.999).</param>
    /// <param name="eps">Added to the denominator (default 1e-8).</param>
    /// <param name="weight_decay">Decoupled weight decay (default 1e-2, as torch.optim.AdamW).</param>
    /// <param name="amsgrad">Use the running maximum of the second moment (AMSGrad).</param>
    /// <param name="max_exp_avg_sqs">Running maxima of the second moment, zeros before step 1; needed only with <paramref name="amsgrad"/>.</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void adamw_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> exp_avgs, IReadOnlyList<Tensor> exp_avg_sqs, long step,
                                  double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 1e-2,
                                  bool amsgrad = false, IReadOnlyList<Tensor>? max_exp_avg_sqs = null, IReadOnlyList<Tensor?>? grads = null) =>
        AdamCore("adamw_step", decoupled: true, parameters, exp_avgs, exp_avg_sqs, step, lr, beta1, beta2, eps, weight_decay, amsgrad, max_exp_avg_sqs, grads);

    private static void AdamCore(string op, bool decoupled, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> exp_avgs,
                                 IReadOnlyList<Tensor> exp_avg_sqs, long step, double lr, double beta1, double beta2, double eps,
                                 double weight_decay, bool amsgrad, IReadOnlyList<Tensor>? max_exp_avg_sqs, IReadOnlyList<Tensor?>? grads)
    {
        var count = CheckParameters(op, parameters, grads);
        CheckStep(op, step);
        CheckNonNegative(op, nameof(lr), lr);
        CheckBeta(op, nameof(beta1), beta1);
        CheckBeta(op, nameof(beta2), beta2);
        CheckNonNegative(op, nameof(eps), eps);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        CheckState(op, nameof(exp_avgs), exp_avgs, count);
        CheckState(op, nameof(exp_avg_sqs), exp_avg_sqs, count);
        if (amsgrad) CheckState(op, nameof(max_exp_avg_sqs), max_exp_avg_sqs, count, "amsgrad is set");
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var m = Handles(exp_avgs);
        var v = Handles(exp_avg_sqs);
        var mx = amsgrad ? Handles(max_exp_avg_sqs!) : null;
        int status;
        fixed (IntPtr* pp = p, gp = g, mp = m, vp = v, xp = mx)
            status = NativeMethods.kn_optim_adam(pp, gp, mp, vp, xp, count, step, lr, beta1, beta2, eps, weight_decay, amsgrad ? 1 : 0, decoupled ? 1 : 0);
        GC.KeepAlive(exp_avgs);
        GC.KeepAlive(exp_avg_sqs);
        Done(status, op, parameters, grads, max_exp_avg_sqs);
    }

    /// <summary>
    /// One step of Adamax (torch.optim.Adamax): <c>g += weight_decay * p</c>; <c>m = b1 m + (1 - b1) g</c>;
    /// <c>u = max(b2 u, |g| + eps)</c>; <c>p -= lr / (1 - b1^t) * m / u</c>.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="exp_avgs">First moments, one per parameter, zeros before step 1.</param>
    /// <param name="exp_infs">Exponentially weighted infinity norms, one per parameter, zeros before step 1.</param>
    /// <param name="step">The number of this step, from 1 (used for bias correction).</param>
    /// <param name="lr">Learning rate (default 2e-3).</param>
    /// <param name="beta1">Decay of the first moment (default 0.9).</param>
    /// <param name="beta2">Decay of the infinity norm (default 0.999).</param>
    /// <param name="eps">Added to |g| (default 1e-8).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void adamax_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> exp_avgs, IReadOnlyList<Tensor> exp_infs, long step,
                                   double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                                   IReadOnlyList<Tensor?>? grads = null)
    {
        const string op = "adamax_step";
        var count = CheckParameters(op, parameters, grads);
        CheckStep(op, step);
        CheckNonNegative(op, nameof(lr), lr);
        CheckBeta(op, nameof(beta1), beta1);
        CheckBeta(op, nameof(beta2), beta2);
        CheckNonNegative(op, nameof(eps), eps);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        CheckState(op, nameof(exp_avgs), exp_avgs, count);
        CheckState(op, nameof(exp_infs), exp_infs, count);
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var m = Handles(exp_avgs);
        var u = Handles(exp_infs);
        int status;
        fixed (IntPtr* pp = p, gp = g, mp = m, up = u)
            status = NativeMethods.kn_optim_adamax(pp, gp, mp, up, count, step, lr, beta1, beta2, eps, weight_decay);
        GC.KeepAlive(exp_avgs);
        Done(status, op, parameters, grads, exp_infs);
    }

    /// <summary>
    /// One step of NAdam (torch.optim.NAdam, with PyTorch 2.x's corrected momentum-schedule product): Adam's moments
    /// with Nesterov momentum, <c>mu_t = b1 (1 - 0.5 * 0.96^(t * momentum_decay))</c>.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="exp_avgs">First moments, one per parameter, zeros before step 1.</param>
    /// <param name="exp_avg_sqs">Second moments, one per parameter, zeros before step 1.</param>
    /// <param name="step">The number of this step, from 1.</param>
    /// <param name="mu_product">The product of the momentum schedule up to the previous step: 1 before step 1, then what the previous call returned.</param>
    /// <param name="lr">Learning rate (default 2e-3).</param>
    /// <param name="beta1">Decay of the first moment (default 0.9).</param>
    /// <param name="beta2">Decay of the second moment (default 0.999).</param>
    /// <param name="eps">Added to the denominator (default 1e-8).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
    /// <param name="momentum_decay">The schedule's decay (default 4e-3).</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    /// <returns>The product of the momentum schedule up to this step: pass it as <paramref name="mu_product"/> next time.</returns>
    public static double nadam_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> exp_avgs, IReadOnlyList<Tensor> exp_avg_sqs, long step,
                                    double mu_product, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                                    double weight_decay = 0, double momentum_decay = 4e-3, IReadOnlyList<Tensor?>? grads = null)
    {
        const string op = "nadam_step";
        var count = CheckParameters(op, parameters, grads);
        CheckStep(op, step);
        CheckNonNegative(op, nameof(lr), lr);
        CheckBeta(op, nameof(beta1), beta1);
        CheckBeta(op, nameof(beta2), beta2);
        CheckNonNegative(op, nameof(eps), eps);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        CheckNonNegative(op, nameof(momentum_decay), momentum_decay);
        if (!(mu_product > 0 && mu_product <= 1))
            throw new ArgumentOutOfRangeException(nameof(mu_product), mu_product, $"{op}: mu_product must be in (0, 1]: 1 before the first step, then the value the previous call returned.");
        CheckState(op, nameof(exp_avgs), exp_avgs, count);
        CheckState(op, nameof(exp_avg_sqs), exp_avg_sqs, count);
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var m = Handles(exp_avgs);
        var v = Handles(exp_avg_sqs);
        var product = mu_product;
        int status;
        fixed (IntPtr* pp = p, gp = g, mp = m, vp = v)
            status = NativeMethods.kn_optim_nadam(pp, gp, mp, vp, count, step, &product, lr, beta1, beta2, eps, weight_decay, momentum_decay);
        GC.KeepAlive(exp_avgs);
        Done(status, op, parameters, grads, exp_avg_sqs);
        return product;
    }

    /// <summary>
    /// One step of RMSprop (torch.optim.RMSprop): <c>s = alpha s + (1 - alpha) g²</c>; the denominator is
    /// <c>sqrt(s) + eps</c>, or <c>sqrt(s - a²) + eps</c> when centered (<c>a = alpha a + (1 - alpha) g</c>); with
    /// momentum <c>buf = momentum buf + g / denom</c> and <c>p -= lr buf</c>, else <c>p -= lr g / denom</c>.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="square_avgs">Running averages of g², one per parameter, zeros before step 1.</param>
    /// <param name="lr">Learning rate (default 1e-2).</param>
    /// <param name="alpha">Smoothing constant (default 0.99).</param>
    /// <param name="eps">Added to the denominator (default 1e-8).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
    /// <param name="momentum">Momentum factor (default 0).</param>
    /// <param name="centered">Normalize by an estimate of the variance instead of the second moment.</param>
    /// <param name="grad_avgs">Running averages of g, zeros before step 1; needed only when <paramref name="centered"/>.</param>
    /// <param name="momentum_buffers">Momentum buffers, zeros before step 1; needed only when <paramref name="momentum"/> &gt; 0.</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void rmsprop_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> square_avgs, double lr = 1e-2, double alpha = 0.99,
                                    double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false,
                                    IReadOnlyList<Tensor>? grad_avgs = null, IReadOnlyList<Tensor>? momentum_buffers = null,
                                    IReadOnlyList<Tensor?>? grads = null)
    {
        const string op = "rmsprop_step";
        var count = CheckParameters(op, parameters, grads);
        CheckNonNegative(op, nameof(lr), lr);
        CheckNonNegative(op, nameof(alpha), alpha);
        CheckNonNegative(op, nameof(eps), eps);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        CheckNonNegative(op, nameof(momentum), momentum);
        CheckState(op, nameof(square_avgs), square_avgs, count);
        if (centered) CheckState(op, nameof(grad_avgs), grad_avgs, count, "centered is set");
        if (momentum > 0) CheckState(op, nameof(momentum_buffers), momentum_buffers, count, "momentum is above 0");
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var s = Handles(square_avgs);
        var a = centered ? Handles(grad_avgs!) : null;
        var b = momentum > 0 ? Handles(momentum_buffers!) : null;
        int status;
        fixed (IntPtr* pp = p, gp = g, sp = s, ap = a, bp = b)
            status = NativeMethods.kn_optim_rmsprop(pp, gp, sp, ap, bp, count, lr, alpha, eps, weight_decay, momentum, centered ? 1 : 0);
        GC.KeepAlive(square_avgs);
        GC.KeepAlive(grad_avgs);
        Done(status, op, parameters, grads, momentum_buffers);
    }

    /// <summary>
    /// One step of Adagrad (torch.optim.Adagrad, dense gradients): <c>sum += g²</c>;
    /// <c>p -= lr / (1 + (t - 1) lr_decay) * g / (sqrt(sum) + eps)</c>.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="state_sums">Accumulated squared gradients, one per parameter, filled with initial_accumulator_value (PyTorch's default 0) before step 1.</param>
    /// <param name="step">The number of this step, from 1 (used for the learning-rate decay).</param>
    /// <param name="lr">Learning rate (default 1e-2).</param>
    /// <param name="lr_decay">Learning-rate decay (default 0).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
    /// <param name="eps">Added to the denominator (default 1e-10).</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void adagrad_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> state_sums, long step, double lr = 1e-2,
                                    double lr_decay = 0, double weight_decay = 0, double eps = 1e-10, IReadOnlyList<Tensor?>? grads = null)
    {
        const string op = "adagrad_step";
        var count = CheckParameters(op, parameters, grads);
        CheckStep(op, step);
        CheckNonNegative(op, nameof(lr), lr);
        CheckNonNegative(op, nameof(lr_decay), lr_decay);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        CheckNonNegative(op, nameof(eps), eps);
        CheckState(op, nameof(state_sums), state_sums, count);
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var s = Handles(state_sums);
        int status;
        fixed (IntPtr* pp = p, gp = g, sp = s)
            status = NativeMethods.kn_optim_adagrad(pp, gp, sp, count, step, lr, lr_decay, weight_decay, eps);
        Done(status, op, parameters, grads, state_sums);
    }

    /// <summary>
    /// One step of Adadelta (torch.optim.Adadelta): <c>s = rho s + (1 - rho) g²</c>;
    /// <c>d = sqrt(acc + eps) / sqrt(s + eps) * g</c>; <c>acc = rho acc + (1 - rho) d²</c>; <c>p -= lr d</c>.
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="square_avgs">Running averages of g², one per parameter, zeros before step 1.</param>
    /// <param name="acc_deltas">Running averages of the squared updates, one per parameter, zeros before step 1.</param>
    /// <param name="lr">Coefficient that scales the update (default 1.0).</param>
    /// <param name="rho">Decay of the running averages (default 0.9).</param>
    /// <param name="eps">Added inside the square roots (default 1e-6).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void adadelta_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> square_avgs, IReadOnlyList<Tensor> acc_deltas,
                                     double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weight_decay = 0,
                                     IReadOnlyList<Tensor?>? grads = null)
    {
        const string op = "adadelta_step";
        var count = CheckParameters(op, parameters, grads);
        CheckNonNegative(op, nameof(lr), lr);
        if (!(rho >= 0 && rho <= 1)) throw new ArgumentOutOfRangeException(nameof(rho), rho, $"{op}: rho must be in [0, 1] (PyTorch's default is 0.9).");
        CheckNonNegative(op, nameof(eps), eps);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        CheckState(op, nameof(square_avgs), square_avgs, count);
        CheckState(op, nameof(acc_deltas), acc_deltas, count);
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var s = Handles(square_avgs);
        var d = Handles(acc_deltas);
        int status;
        fixed (IntPtr* pp = p, gp = g, sp = s, dp = d)
            status = NativeMethods.kn_optim_adadelta(pp, gp, sp, dp, count, lr, rho, eps, weight_decay);
        GC.KeepAlive(square_avgs);
        Done(status, op, parameters, grads, acc_deltas);
    }

    /// <summary>
    /// One step of Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"):
    /// <c>p *= 1 - lr * weight_decay</c>; <c>p -= lr * sign(b1 m + (1 - b1) g)</c>; <c>m = b2 m + (1 - b2) g</c>.
    /// Defaults are the paper's (torch.optim has no Lion; Keras's uses lr 1e-3).
    /// </summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="exp_avgs">Momenta, one per parameter, zeros before step 1.</param>
    /// <param name="lr">Learning rate (default 1e-4).</param>
    /// <param name="beta1">Interpolation factor of the update direction (default 0.9).</param>
    /// <param name="beta2">Decay of the momentum (default 0.99).</param>
    /// <param name="weight_decay">Decoupled weight decay (default 0).</param>
    /// <param name="grads">Gradients to use instead of each parameter's <c>grad</c>; null entries skip their parameter.</param>
    public static void lion_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> exp_avgs, double lr = 1e-4, double beta1 = 0.9,
                                 double beta2 = 0.99, double weight_decay = 0, IReadOnlyList<Tensor?>? grads = null)
    {
        const string op = "lion_step";
        var count = CheckParameters(op, parameters, grads);
        CheckNonNegative(op, nameof(lr), lr);
        CheckBeta(op, nameof(beta1), beta1);
        CheckBeta(op, nameof(beta2), beta2);
        CheckNonNegative(op, nameof(weight_decay), weight_decay);
        CheckState(op, nameof(exp_avgs), exp_avgs, count);
        var p = Handles(parameters);
        var g = GradHandles(grads);
        var m = Handles(exp_avgs);
        int status;
        fixed (IntPtr* pp = p, gp = g, mp = m)
            status = NativeMethods.kn_optim_lion(pp, gp, mp, count, lr, beta1, beta2, weight_decay);
        Done(status, op, parameters, grads, exp_avgs);
    }

    /// <summary>
    /// Scales the parameters' gradients in place so that their total norm (all gradients seen as one vector) is at
    /// most <paramref name="max_norm"/>, as torch.nn.utils.clip_grad_norm_; parameters without a gradient are skipped.
    /// </summary>
    /// <param name="parameters">The parameters whose <c>grad</c> to clip.</param>
    /// <param name="max_norm">The largest allowed total norm.</param>
    /// <param name="norm_type">The p of the p-norm; <see cref="double.PositiveInfinity"/> for the largest magnitude (default 2).</param>
    /// <param name="error_if_nonfinite">Throw when the total norm is NaN or infinite instead of scaling by it.</param>
    /// <returns>The total norm before clipping, a 0-dim tensor (float32 zero when no parameter has a gradient).</returns>
    public static Tensor clip_grad_norm_(IReadOnlyList<Tensor> parameters, double max_norm, double norm_type = 2, bool error_if_nonfinite = false)
    {
        const string op = "clip_grad_norm_";
        var count = CheckParameters(op, parameters, null);
        CheckNorm(op, norm_type);
        if (double.IsNaN(max_norm)) throw new ArgumentOutOfRangeException(nameof(max_norm), max_norm, $"{op}: max_norm must be a number.");
        var p = Handles(parameters);
        IntPtr result;
        fixed (IntPtr* pp = p)
            result = NativeMethods.kn_clip_grad_norm_(pp, count, max_norm, norm_type, error_if_nonfinite ? 1 : 0, 1);
        GC.KeepAlive(parameters);
        return count > 0 ? Tensor.Wrap(result, op, parameters[0]) : Tensor.Wrap(result, op);
    }

    /// <summary>Clamps the parameters' gradients in place to [-clip_value, clip_value], as torch.nn.utils.clip_grad_value_.</summary>
    /// <param name="parameters">The parameters whose <c>grad</c> to clip; those without one are skipped.</param>
    /// <param name="clip_value">The largest allowed magnitude.</param>
    public static void clip_grad_value_(IReadOnlyList<Tensor> parameters, double clip_value)
    {
        const string op = "clip_grad_value_";
        var count = CheckParameters(op, parameters, null);
        CheckNonNegative(op, nameof(clip_value), clip_value);
        var p = Handles(parameters);
        int status;
        fixed (IntPtr* pp = p)
            status = NativeMethods.kn_clip_grad_value_(pp, count, clip_value, 1);
        Done(status, op, parameters, null, null);
    }

    /// <summary>
    /// The norm of the tensors taken together, as if concatenated into one vector (the norm that
    /// <see cref="clip_grad_norm_"/> computes, here over the tensors' own values).
    /// </summary>
    /// <param name="tensors">The tensors, e.g. a list of gradients.</param>
    /// <param name="norm_type">The p of the p-norm; <see cref="double.PositiveInfinity"/> for the largest magnitude (default 2).</param>
    /// <returns>A 0-dim tensor on the first tensor's device (float32 zero for an empty list).</returns>
    public static Tensor global_norm(IReadOnlyList<Tensor> tensors, double norm_type = 2)
    {
        const string op = "global_norm";
        var count = CheckParameters(op, tensors, null, nameof(tensors));
        CheckNorm(op, norm_type);
        var h = Handles(tensors);
        IntPtr result;
        fixed (IntPtr* hp = h)
            result = NativeMethods.kn_global_norm(hp, count, norm_type, 0);
        GC.KeepAlive(tensors);
        return count > 0 ? Tensor.Wrap(result, op, tensors[0]) : Tensor.Wrap(result, op);
    }

    // ---- argument checks and marshalling ----

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int CheckParameters(string op, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor?>? grads, string name = "parameters")
    {
        if (parameters is null) throw new ArgumentNullException(name, $"{op}: {name} is null; pass the list of tensors to update.");
        for (var i = 0; i < parameters.Count; i++)
            if (parameters[i] is null) throw new ArgumentException($"{op}: {name}[{i}] is null; every entry must be a tensor.", name);
        if (grads is not null && grads.Count != parameters.Count)
            throw new ArgumentException($"{op}: grads has {grads.Count} entries but {name} has {parameters.Count}; pass one gradient (or null) per parameter, or omit grads to use each parameter's grad.", nameof(grads));
        return parameters.Count;
    }

    private static void CheckState(string op, string name, IReadOnlyList<Tensor>? state, int count, string? when = null)
    {
        if (state is null)
            throw new ArgumentNullException(name, $"{op}: {name} is needed{(when is null ? "" : " when " + when)}; create one tensor per parameter, e.g. torch.zeros_like(p), and keep it across steps.");
        if (state.Count != count)
            throw new ArgumentException($"{op}: {name} has {state.Count} tensors but there are {count} parameters; pass one state tensor per parameter, in the same order.", name);
        for (var i = 0; i < state.Count; i++)
            if (state[i] is null) throw new ArgumentException($"{op}: {name}[{i}] is null; every parameter needs its state tensor.", name);
    }

    private static void CheckStep(string op, long step)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, $"{op}: step counts from 1 (the first update is step 1); received {step}.");
    }

    private static void CheckNonNegative(string op, string name, double value)
    {
        if (!(value >= 0)) throw new ArgumentOutOfRangeException(name, value, $"{op}: {name} must be a non-negative number; received {F(value)}.");
    }

    private static void CheckBeta(string op, string name, double value)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(name, value, $"{op}: {name} must be in [0, 1); received {F(value)}.");
    }

    private static void CheckNorm(string op, double normType)
    {
        if (double.IsNaN(normType) || normType < 0)
            throw new ArgumentOutOfRangeException("norm_type", normType, $"{op}: norm_type must be a non-negative number or double.PositiveInfinity; received {F(normType)}.");
    }

    private static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle;
        return handles;
    }

    private static IntPtr[]? GradHandles(IReadOnlyList<Tensor?>? grads)
    {
        if (grads is null) return null;
        var handles = new IntPtr[grads.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = Tensor.HandleOrZero(grads[i]);
        return handles;
    }

    // Keeps the lists (and so their tensors) alive up to here, then turns a failure into a typed exception.
    private static void Done(int status, string op, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor?>? grads, object? state)
    {
        GC.KeepAlive(grads);
        GC.KeepAlive(state);
        Tensor.Check(status, op, parameters.Count > 0 ? parameters[0] : null);
        GC.KeepAlive(parameters);
    }
}
