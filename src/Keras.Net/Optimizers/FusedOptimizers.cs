namespace KerasNet.Optimizers;

/// <summary>
/// torch.optim's update rules over a whole list of parameters: each method updates every parameter that has a
/// gradient, and its state tensors, in place and without recording autograd history, by calling the optimizer's rule
/// for one variable (<c>UpdateStep</c> in SGD.cs, Adam.cs...) with torch.optim's options (L2 weight decay, dampening,
/// learning-rate decay), which Keras's optimizers leave at 0. The rules are PyTorch's single-tensor implementations,
/// op for op, so results match PyTorch's to the last bits where the kernels allow. Adam and AdamW send the parameters
/// libtorch's fused kernel takes (dense, contiguous CPU float tensors) through it in one call
/// (<see cref="FusedAdamKernel"/>, several times faster than the op sequence) and the rest through
/// <see cref="Adam.UpdateStep"/>. The caller owns the state (created once, one tensor per parameter) and the step
/// count (from 1).
/// </summary>
internal static class FusedOptimizers
{
    /// <summary>torch.optim.SGD. <paramref name="buffers"/> may be null when momentum is 0; on step 1 a buffer starts as the direction.</summary>
    internal static void sgd_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor>? buffers, long step, double lr,
                                  double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
    {
        ForEachWithGrad(parameters, weight_decay, (i, param, grad) => SGD.UpdateStep(param, grad, buffers?[i], step, lr, momentum, nesterov, dampening));
    }

    /// <summary>
    /// torch.optim.Adam (L2 penalty added to the gradient); <paramref name="maxExpAvgSqs"/> only with amsgrad. Each
    /// parameter that <see cref="FusedAdamKernel.Takes"/> goes through libtorch's fused kernel (unless
    /// <paramref name="allowFused"/> is false), the others through the managed per-parameter ops.
    /// </summary>
    internal static void adam_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> expAvgs, IReadOnlyList<Tensor> expAvgSqs, long step,
                                   double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, IReadOnlyList<Tensor>? maxExpAvgSqs,
                                   bool allowFused = true) =>
        AdamOrAdamW(decoupled: false, parameters, expAvgs, expAvgSqs, step, lr, beta1, beta2, eps, weight_decay, amsgrad, maxExpAvgSqs, allowFused);

    /// <summary>torch.optim.AdamW (the parameter decays by lr · weight_decay before the update); kernels chosen as <see cref="adam_step"/>.</summary>
    internal static void adamw_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> expAvgs, IReadOnlyList<Tensor> expAvgSqs, long step,
                                    double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, IReadOnlyList<Tensor>? maxExpAvgSqs,
                                    bool allowFused = true) =>
        AdamOrAdamW(decoupled: true, parameters, expAvgs, expAvgSqs, step, lr, beta1, beta2, eps, weight_decay, amsgrad, maxExpAvgSqs, allowFused);

    private static void AdamOrAdamW(bool decoupled, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> expAvgs, IReadOnlyList<Tensor> expAvgSqs, long step,
                             double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, IReadOnlyList<Tensor>? maxExpAvgSqs,
                             bool allowFused)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var fused = allowFused ? new FusedLists() : null;
        for (var i = 0; i < parameters.Count; i++)
        {
            var param = parameters[i];
            if (param.grad is not { } grad) continue;
            var max = amsgrad ? maxExpAvgSqs![i] : null;
            if (fused is not null && FusedAdamKernel.Takes(param, grad, expAvgs[i], expAvgSqs[i], max))
            {
                fused.Add(param, grad, expAvgs[i], expAvgSqs[i], max);
                continue;
            }
            if (decoupled) { if (weightDecay != 0) param.mul_(1 - lr * weightDecay); }
            else if (weightDecay != 0) grad = grad.add(param, weightDecay);
            Adam.UpdateStep(param, grad, expAvgs[i], expAvgSqs[i], max, step, lr, beta1, beta2, eps);
        }
        if (fused is { Parameters.Count: > 0 })
            FusedAdamKernel.Step(decoupled, fused.Parameters.ToArray(), fused.Grads.ToArray(), fused.ExpAvgs.ToArray(), fused.ExpAvgSqs.ToArray(),
                                 fused.MaxExpAvgSqs.ToArray(), step, lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    // The parameters (and their gradients and state) that go through the fused kernel together.
    private sealed class FusedLists
    {
        internal List<Tensor> Parameters { get; } = new();
        internal List<Tensor> Grads { get; } = new();
        internal List<Tensor> ExpAvgs { get; } = new();
        internal List<Tensor> ExpAvgSqs { get; } = new();
        internal List<Tensor> MaxExpAvgSqs { get; } = new();

        internal void Add(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? max)
        {
            Parameters.Add(param);
            Grads.Add(grad);
            ExpAvgs.Add(expAvg);
            ExpAvgSqs.Add(expAvgSq);
            if (max is not null) MaxExpAvgSqs.Add(max);
        }
    }

    /// <summary>torch.optim.Adamax: <paramref name="expInfs"/> holds the exponentially weighted infinity norm.</summary>
    internal static void adamax_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> expAvgs, IReadOnlyList<Tensor> expInfs, long step,
                                     double lr, double beta1, double beta2, double eps, double weight_decay = 0)
    {
        ForEachWithGrad(parameters, weight_decay, (i, param, grad) =>
            Adamax.UpdateStep(param, grad, expAvgs[i], expInfs[i], step, lr, beta1, beta2, eps));
    }

    /// <summary>
    /// torch.optim.NAdam with PyTorch 2.x's formula. <paramref name="muProduct"/> is the product of the momentum
    /// schedule up to the previous step (1 before the first); returns the product up to this step.
    /// </summary>
    internal static double nadam_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> expAvgs, IReadOnlyList<Tensor> expAvgSqs, long step,
                                      double muProduct, double lr, double beta1, double beta2, double eps, double weight_decay = 0, double momentum_decay = 4e-3)
    {
        double t = step;
        var mu = beta1 * (1 - 0.5 * Math.Pow(0.96, t * momentum_decay));
        var muNext = beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * momentum_decay));
        var product = muProduct * mu;
        var schedule = (mu, muNext, product, product * muNext);
        ForEachWithGrad(parameters, weight_decay, (i, param, grad) =>
            Nadam.UpdateStep(param, grad, expAvgs[i], expAvgSqs[i], step, lr, beta1, beta2, eps, schedule));
        return product;
    }

    /// <summary>torch.optim.Adagrad (dense gradients); the sums start at the initial accumulator value.</summary>
    internal static void adagrad_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> stateSums, long step, double lr,
                                      double lr_decay, double weight_decay, double eps)
    {
        var clr = lr / (1 + (step - 1) * lr_decay);
        ForEachWithGrad(parameters, weight_decay, (i, param, grad) => Adagrad.UpdateStep(param, grad, stateSums[i], clr, eps));
    }

    /// <summary>torch.optim.Adadelta.</summary>
    internal static void adadelta_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> squareAvgs, IReadOnlyList<Tensor> accDeltas,
                                       double lr, double rho, double eps, double weight_decay = 0)
    {
        ForEachWithGrad(parameters, weight_decay, (i, param, grad) =>
            Adadelta.UpdateStep(param, grad, squareAvgs[i], accDeltas[i], lr, rho, eps));
    }

    /// <summary>Lion (Chen et al. 2023): the sign of an interpolation of momentum and gradient, decoupled weight decay.</summary>
    internal static void lion_step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> expAvgs, double lr, double beta1, double beta2,
                                   double weight_decay = 0)
    {
        // Lion's weight decay is decoupled: the parameter decays, the gradient is left as it is.
        ForEachWithGrad(parameters, l2Penalty: 0, (i, param, grad) =>
        {
            if (weight_decay != 0) param.mul_(1 - lr * weight_decay);
            Lion.UpdateStep(param, grad, expAvgs[i], lr, beta1, beta2);
        });
    }

    /// <summary>
    /// torch.nn.utils.clip_grad_norm_: scales the gradients in place so that their total norm is at most
    /// <paramref name="maxNorm"/>; returns the total norm before clipping (no host synchronisation).
    /// </summary>
    internal static Tensor clip_grad_norm_(IReadOnlyList<Tensor> parameters, double maxNorm, double normType = 2)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var grads = Gradients(parameters);
        var norm = TotalNorm(grads, normType);
        if (grads.Count > 0)
        {
            // max_norm / (norm + 1e-6), computed as Python's float / tensor is.
            var coefficient = (norm + 1e-6).reciprocal().mul(maxNorm).clamp_max(1.0);
            foreach (var g in grads) g.mul_(coefficient.to(g.device));
        }
        return norm.MoveToOuterDisposeScope();
    }

    /// <summary>torch.nn.utils.clip_grad_value_: clamps the gradients in place to [-clip, clip].</summary>
    internal static void clip_grad_value_(IReadOnlyList<Tensor> parameters, double clipValue)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var g in Gradients(parameters)) g.clamp_(-clipValue, clipValue);
    }

    /// <summary>The norm of the tensors together, as if concatenated (a float32 zero when there are none).</summary>
    internal static Tensor global_norm(IReadOnlyList<Tensor> tensors, double normType = 2)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return TotalNorm(tensors.Select(t => t.detach()).ToList(), normType).MoveToOuterDisposeScope();
    }

    // Runs update(index, parameter, gradient) for every parameter that has a gradient, without autograd and inside one
    // dispose scope; a non-zero l2Penalty is added to the gradient first (torch.optim's weight_decay).
    internal static void ForEachWithGrad(IReadOnlyList<Tensor> parameters, double l2Penalty, Action<int, Tensor, Tensor> update)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var param = parameters[i];
            if (param.grad is not { } grad) continue;
            update(i, param, l2Penalty != 0 ? grad.add(param, l2Penalty) : grad);
        }
    }

    private static List<Tensor> Gradients(IReadOnlyList<Tensor> parameters)
    {
        var grads = new List<Tensor>(parameters.Count);
        foreach (var p in parameters)
            if (p.grad is { } g) grads.Add(g);
        return grads;
    }

    // The norm of the per-tensor norms, on the first tensor's device.
    private static Tensor TotalNorm(List<Tensor> tensors, double normType)
    {
        if (tensors.Count == 0) return torch.zeros(Array.Empty<long>(), ScalarType.Float32);
        var device = tensors[0].device;
        if (double.IsPositiveInfinity(normType))
        {
            var maxima = tensors.Select(t => t.abs().max().to(device)).ToArray();
            return maxima.Length == 1 ? maxima[0] : torch.stack(maxima).max();
        }
        var norms = tensors.Select(t => t.norm((float)normType).to(device)).ToArray();
        return torch.stack(norms).norm((float)normType);
    }
}
