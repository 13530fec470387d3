using KerasNet.Distributed;

namespace KerasNet.Layers;

/// <summary>
/// The training-mode computation of <see cref="BatchNormalization"/> with <c>synchronized: true</c> under a
/// distribution: the statistics of the global batch (every process's samples), gathered with two differentiable
/// all-reduces so that gradients flow back to every process's inputs.
/// </summary>
internal static class SynchronizedBatchNorm
{
    /// <summary>
    /// Normalizes <paramref name="x"/> (features on axis 1) with the global batch mean and biased variance, and updates
    /// the moving statistics from them exactly as <c>batch_norm</c> does from a local batch (unbiased variance).
    /// </summary>
    internal static Tensor Forward(Tensor x, Tensor movingMean, Tensor movingVariance, Tensor? gamma, Tensor? beta,
                                   double momentum, double epsilon, IDistributionContext distribution, string layerName)
    {
        using var scope = torch.NewDisposeScope();
        var features = x.size(1);
        var dims = Enumerable.Range(0, (int)x.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        var broadcast = Enumerable.Range(0, (int)x.dim()).Select(d => d == 1 ? features : 1L).ToArray();

        // Pass 1: per-feature sums and this process's sample count, in one all-reduce (ranks may hold unequal batches).
        var sum = x.sum(dims);
        var localCount = features == 0 ? 0 : x.numel() / features;
        var packed = torch.cat(new[] { sum, torch.full_like(sum.narrow(0, 0, 1), localCount) });
        var global = distribution.AllReduceSum(packed);
        var count = global[features].ToDouble();
        if (count < 2)
            throw new InvalidOperationException(
                $"BatchNormalization '{layerName}' (synchronized): the global batch has {count} value(s) per feature over {distribution.WorldSize} " +
                "processes; training needs at least 2 to compute a variance. Use a larger batch size.");
        var mean = global.narrow(0, 0, features).div(count);

        // Pass 2: squared deviations from the global mean (numerically stable, unlike E[x²] − E[x]²).
        var centered = x.sub(mean.reshape(broadcast));
        var variance = distribution.AllReduceSum(centered.square().sum(dims)).div(count);

        var y = centered.mul(variance.add(epsilon).rsqrt().reshape(broadcast));
        if (gamma is not null) y = y.mul(gamma.reshape(broadcast));
        if (beta is not null) y = y.add(beta.reshape(broadcast));

        using (torch.no_grad())
        {
            // As batch_norm: moving = momentum · moving + (1 − momentum) · batch, with the unbiased batch variance.
            movingMean.mul_(momentum).add_(mean.detach(), alpha: 1 - momentum);
            movingVariance.mul_(momentum).add_(variance.detach().mul(count / (count - 1)), alpha: 1 - momentum);
        }
        return y.MoveToOuterDisposeScope();
    }
}
