using KerasNet.Optimizers;
using KerasNet.Torch;
using KerasNet.Torch.Distributed;
using static KerasNet.Torch.torch.distributed;

namespace KerasNet.Distributed;

/// <summary>
/// A model's backward under <see cref="DataParallel"/> with the gradient all-reduce overlapped with it: a
/// <see cref="GradientReducer"/> over the optimizer's trainable variables, created on the first step and again
/// whenever that set (or the process group) changes.
/// </summary>
/// <remarks>
/// <para>Unused parameters: before creating the reducer, the loss's graph is searched for the variables it reaches;
/// when some are not reached on any rank (a branch outside the loss), the reducer is created with
/// find_unused_parameters, which leaves their gradients untouched (none), as the all-reduce after backward does. The
/// decision is agreed across ranks (one all-reduce per creation), since it changes the collectives the reducer runs.
/// Should a later step still leave a bucket incomplete (a variable unused only from then on), that step's gradients
/// are all-reduced after backward instead and the reducer is recreated with find_unused_parameters.</para>
/// <para>Gradient accumulation: only the backward of a step on which the optimizer updates synchronises (DDP's
/// no_sync on the others); the reducer then averages the gradients summed locally over the accumulation steps, which
/// equals summing the per-step averages.</para>
/// </remarks>
internal sealed class OverlappedGradientReduction : IDisposable
{
    private GradientReducer? reducer;
    private bool needsFindUnused;

    /// <summary>The reducer of the last synchronised step (null before one, or after a fallback).</summary>
    internal GradientReducer? Reducer => reducer;

    /// <summary>
    /// Runs <paramref name="loss"/>'s backward. On an updating step the gradients of <paramref name="variables"/> come
    /// out averaged across <paramref name="parallel"/>'s processes; otherwise they only accumulate locally.
    /// </summary>
    internal void Backward(DataParallel parallel, Tensor loss, IReadOnlyList<Variable> variables, Optimizer optimizer)
    {
        var parameters = Trainable(variables);
        if (parameters.Length == 0 || !Updates(optimizer))
        {
            loss.backward();
            return;
        }
        if (reducer is null || !Matches(reducer, parameters, parallel.Group)) Create(parallel, parameters, loss);
        try
        {
            reducer!.Backward(loss);
        }
        catch
        {
            // A failed backward leaves the reducer expecting the rest of its gradients; it cannot be armed again.
            Dispose();
            throw;
        }
        if (reducer.LastBackwardReduced) return;
        // Some gradient never arrived, so some buckets were not written back: average them all the usual way (every
        // rank is in the same situation, the graphs being the same) and look for unused variables from now on.
        var grads = new List<Tensor>(parameters.Length);
        foreach (var p in parameters)
            if (p.grad is { } g) grads.Add(g);
        parallel.ReduceGradients(grads);
        needsFindUnused = true;
        reducer.Dispose();
        reducer = null;
    }

    /// <summary>Frees the reducer (its hooks and buckets).</summary>
    public void Dispose()
    {
        reducer?.Dispose();
        reducer = null;
    }

    /// <summary>Whether the optimizer's next <c>Apply</c> updates (with gradient accumulation, one call in k does).</summary>
    internal static bool Updates(Optimizer optimizer) =>
        optimizer.GradientAccumulationSteps is not { } every || every <= 1 || (optimizer.Iterations + 1) % every == 0;

    private void Create(DataParallel parallel, Tensor[] parameters, Tensor loss)
    {
        reducer?.Dispose();
        reducer = null;
        var reached = GradientReducer.ReachedParameters(parameters, new[] { loss });
        var findUnused = needsFindUnused || Array.IndexOf(reached, false) >= 0;
        using (var scope = torch.NewDisposeScope())
        {
            var flag = torch.tensor(new long[] { findUnused ? 1 : 0 });
            all_reduce(flag, ReduceOp.MAX, parallel.Group);
            findUnused = flag.data<long>()[0] != 0;
        }
        // DDP's 1 MiB first bucket, unless the configured cap is smaller.
        reducer = new GradientReducer(parameters, parallel.Group, parallel.BucketCapBytes, findUnused,
                                      Math.Min(GradientReducer.DefaultFirstBucketBytes, parallel.BucketCapBytes));
    }

    private static Tensor[] Trainable(IReadOnlyList<Variable> variables)
    {
        var parameters = new List<Tensor>(variables.Count);
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var v in variables)
            if (v.Value.requires_grad && v.Value.is_leaf && seen.Add(v.Value)) parameters.Add(v.Value);
        return parameters.ToArray();
    }

    private static bool Matches(GradientReducer reducer, Tensor[] parameters, ProcessGroup group)
    {
        if (!ReferenceEquals(reducer.Group, group) || reducer.Parameters.Count != parameters.Length) return false;
        for (var i = 0; i < parameters.Length; i++)
            if (!ReferenceEquals(reducer.Parameters[i], parameters[i])) return false;
        return true;
    }
}
