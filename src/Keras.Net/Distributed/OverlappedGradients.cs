using KerasNet.TorchSupport.Mpi;

namespace KerasNet.Distributed;

/// <summary>
/// Gradient averaging overlapped with backward, as DistributedDataParallel's reducer: the trainable variables are laid
/// out in buckets in reverse layer order (the order backward produces their gradients); during an updating training
/// step every read of a trainable <see cref="Variable.Value"/> goes through <see cref="GradientReadyFunction"/>, whose
/// backward copies the weight's gradient into its bucket and starts the bucket's all-reduce once all its weights have
/// arrived (buckets start in index order, the same order on every process). <see cref="Finish"/> starts what backward
/// did not (weights whose gradient came another way), waits for all and writes the averages into the gradients.
/// </summary>
internal sealed class OverlappedGradients : IDisposable
{
    [ThreadStatic] private static OverlappedGradients? current;

    private readonly ITensorCollectives collectives;
    private readonly Variable[] variables;
    private readonly Dictionary<Variable, int> indexOf = new(ReferenceEqualityComparer.Instance);
    private readonly int[] bucketOf;
    private readonly Tensor[] slices;
    private readonly Tensor[] buffers;
    private readonly int[] members;
    private readonly int[] arrivedCount;
    private readonly bool[] arrived;
    private readonly PendingCollective?[] pending;
    private readonly Tensor?[] reads;
    private int nextToStart;
    private bool active;
    private Exception? failure;

    internal OverlappedGradients(IReadOnlyList<Variable> trainable, ITensorCollectives collectives, long capBytes)
    {
        this.collectives = collectives;
        variables = trainable.Where(v => v.Parameter.is_floating_point()).Reverse().ToArray();
        bucketOf = new int[variables.Length];
        slices = new Tensor[variables.Length];
        var sizes = new List<(ScalarType Dtype, long Elements)>();
        long bytes = 0;
        for (var i = 0; i < variables.Length; i++)
        {
            var p = variables[i].Parameter;
            indexOf[variables[i]] = i;
            var size = p.numel() * p.ElementSize;
            if (sizes.Count == 0 || bytes + size > capBytes || sizes[^1].Dtype != p.dtype)
            {
                sizes.Add((p.dtype, 0));
                bytes = 0;
            }
            bucketOf[i] = sizes.Count - 1;
            sizes[^1] = (p.dtype, sizes[^1].Elements + p.numel());
            bytes += size;
        }
        buffers = sizes.Select(s => torch.zeros(s.Elements, s.Dtype, variables[0].Parameter.device).DetachFromDisposeScope()).ToArray();
        members = new int[buffers.Length];
        var offsets = new long[buffers.Length];
        for (var i = 0; i < variables.Length; i++)
        {
            var b = bucketOf[i];
            var p = variables[i].Parameter;
            slices[i] = buffers[b].narrow(0, offsets[b], p.numel()).view(p.shape).DetachFromDisposeScope();
            offsets[b] += p.numel();
            members[b]++;
        }
        arrivedCount = new int[buffers.Length];
        arrived = new bool[variables.Length];
        pending = new PendingCollective?[buffers.Length];
        reads = new Tensor?[variables.Length];
    }

    /// <summary>The variables this layout covers, in layer order (to check that a model still has them).</summary>
    internal bool Covers(IReadOnlyList<Variable> trainable) =>
        trainable.Where(v => v.Parameter.is_floating_point()).Reverse().SequenceEqual(variables, ReferenceEqualityComparer.Instance);

    /// <summary>Whether a step is running on this thread (between <see cref="Begin"/> and <see cref="Finish"/>).</summary>
    internal static bool IsActive => current is { active: true };

    /// <summary>
    /// Starts an updating step on this thread: until <see cref="Finish"/>, trainable variables read through the
    /// identity. Disposing the result ends a step that <see cref="Finish"/> did not complete.
    /// </summary>
    internal IDisposable Begin()
    {
        var end = new StepEnd(this);
        if (variables.Length == 0) return end;
        Array.Clear(arrivedCount);
        Array.Clear(arrived);
        Array.Clear(pending);
        nextToStart = 0;
        failure = null;
        active = true;
        current = this;
        return end;
    }

    /// <summary>The value a layer sees for <paramref name="variable"/> during the step: the identity's output (one per variable and step).</summary>
    internal static Tensor Read(Variable variable, Tensor value)
    {
        var step = current;
        if (step is null || !step.active || !value.requires_grad || !torch.is_grad_enabled()) return value;
        if (!step.indexOf.TryGetValue(variable, out var i)) return value;
        return step.reads[i] ??= GradientReadyFunction.Wrap(value, step, i).DetachFromDisposeScope();
    }

    /// <summary>Called by backward with variable <paramref name="index"/>'s gradient of this step.</summary>
    internal void Arrived(int index, Tensor gradient)
    {
        // An exception must not cross the native autograd engine: it is kept and raised by Finish.
        try
        {
            if (!active || arrived[index]) throw new InvalidOperationException($"DataParallel(overlap: true): the gradient of '{variables[index].Path}' arrived twice in one step.");
            Fill(index, gradient);
            StartCompleteBuckets();
        }
        catch (Exception e)
        {
            failure ??= e;
        }
    }

    /// <summary>
    /// Completes the step: fills and starts the buckets backward did not, waits for every bucket and writes the
    /// averages into the variables' gradients; returns the parameters of <paramref name="parameters"/> it did not cover.
    /// </summary>
    internal IReadOnlyList<Tensor> Finish(IReadOnlyList<Tensor> parameters)
    {
        if (failure is { } e) { Abandon(); throw e; }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < variables.Length; i++)
            if (!arrived[i]) Fill(i, null);
        StartCompleteBuckets();
        collectives.WaitAll(pending.Select(p => p!).ToArray());
        foreach (var buffer in buffers) buffer.div_(collectives.Size);
        for (var i = 0; i < variables.Length; i++)
            if (variables[i].Parameter.grad is { } g) g.copy_(slices[i]);
        End();
        var covered = new HashSet<Tensor>(variables.Select(v => (Tensor)v.Parameter), ReferenceEqualityComparer.Instance);
        return parameters.Where(p => !covered.Contains(p)).ToArray();
    }

    // The gradient accumulated so far (gradient accumulation) plus this step's: what the variable's accumulation node will hold.
    private void Fill(int index, Tensor? gradient)
    {
        using var noGrad = torch.no_grad();
        var slice = slices[index];
        var previous = variables[index].Parameter.grad;
        if (gradient is null)
        {
            if (previous is null) slice.zero_();
            else slice.copy_(previous);
        }
        else if (previous is null) slice.copy_(gradient);
        else
        {
            using var sum = previous + gradient;
            slice.copy_(sum);
        }
        arrived[index] = true;
        arrivedCount[bucketOf[index]]++;
    }

    private void StartCompleteBuckets()
    {
        while (nextToStart < buffers.Length && arrivedCount[nextToStart] == members[nextToStart])
        {
            pending[nextToStart] = collectives.StartAllReduce(buffers[nextToStart], ReduceOperation.Sum);
            nextToStart++;
        }
    }

    // A step that ends without Finish (no optimizer update, or an exception): the collectives backward started are waited for.
    private void Abandon()
    {
        var started = pending.Where(p => p is { IsCompleted: false }).Select(p => p!).ToArray();
        End();
        if (started.Length > 0) collectives.WaitAll(started);
    }

    private void End()
    {
        active = false;
        if (ReferenceEquals(current, this)) current = null;
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i]?.Dispose();
            reads[i] = null;
        }
    }

    private void EndStep()
    {
        if (active) Abandon();
    }

    private sealed class StepEnd(OverlappedGradients owner) : IDisposable
    {
        public void Dispose() => owner.EndStep();
    }

    /// <summary>Frees the buckets.</summary>
    public void Dispose()
    {
        EndStep();
        foreach (var s in slices) s.Dispose();
        foreach (var b in buffers) b.Dispose();
    }
}
