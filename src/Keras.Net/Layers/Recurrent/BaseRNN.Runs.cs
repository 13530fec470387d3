namespace KerasNet.Layers;

// The two ways BaseRNN runs a sequence besides the plain fused call: the fused kernel over a right-padded masked batch,
// and the step loop (masks of any shape, recurrent dropout, activations the fused kernels do not have).
public abstract partial class BaseRNN
{
    /// <summary>
    /// The length of each sequence when the mask is right padding (every row: true then false, at least one true),
    /// the usual shape of a padded batch; null otherwise.
    /// </summary>
    private static Tensor? RightPaddedLengths(Tensor mask)
    {
        var lengths = mask.sum(1);
        using var positions = torch.arange(0, mask.size(1), 1, ScalarType.Int64, mask.device).unsqueeze(0);
        using var expected = positions.lt(lengths.unsqueeze(1));
        using var differs = expected.ne(mask).any();
        if (differs.item<bool>()) return null;
        using var shortest = lengths.min();
        return shortest.item<long>() > 0 ? lengths : null;
    }

    /// <summary>
    /// A right-padded batch on the fused kernel: padding only follows the real steps, so it cannot change them; the
    /// final state is the output at each sequence's last real step, and the outputs Keras gives masked steps (the
    /// previous output, or zeros) are gathered. Backwards, each real prefix is reversed in place first, which is
    /// what Keras's masked backward pass computes; its outputs start with the masked (zero) steps.
    /// Only the output state h comes out per step, so an LSTM that must return or keep c takes the step loop instead.
    /// </summary>
    private (Tensor? Sequence, Tensor Last) RunFusedRightPadded(Tensor x, Tensor[]? initial, Tensor lengths, Tensor mask)
    {
        long batch = x.size(0), steps = x.size(1);
        var positions = torch.arange(0, steps, 1, ScalarType.Int64, x.device).unsqueeze(0);
        var lastReal = (lengths - 1).unsqueeze(1);
        var input = x;
        if (GoBackwards)
        {
            var reversed = torch.where(positions.lt(lengths.unsqueeze(1)), lastReal - positions, positions);
            input = x.gather(1, reversed.unsqueeze(-1).expand(new[] { batch, steps, x.size(2) }));
        }
        var (all, _) = RunFused(input, initial);
        var last = all.gather(1, lastReal.unsqueeze(-1).expand(new[] { batch, 1, Units })).squeeze(1);
        if (!ReturnSequences) return (null, last);
        Tensor sequence;
        if (!GoBackwards)
        {
            var source = torch.where(positions.lt(lengths.unsqueeze(1)), positions, lastReal);
            sequence = all.gather(1, source.unsqueeze(-1).expand(new[] { batch, steps, Units }));
            if (ZeroOutputForMask) sequence = torch.where(mask.unsqueeze(-1), sequence, 0.0);
        }
        else
        {
            var source = positions - (steps - lengths).unsqueeze(1);
            var real = source.ge(0);
            var gathered = all.gather(1, source.clamp(min: 0).unsqueeze(-1).expand(new[] { batch, steps, Units }));
            sequence = torch.where(real.unsqueeze(-1), gathered, 0.0);
        }
        return (sequence, last);
    }

    private (Tensor Sequence, Tensor Last, Tensor[] States) RunSteps(Tensor x, Tensor[]? initial, Tensor? mask, Tensor? recurrentMask)
    {
        long batch = x.size(0), steps = x.size(1);
        var projected = ProjectInputs(x);
        var states = initial ?? Enumerable.Range(0, StateCount).Select(_ => torch.zeros(new[] { batch, Units }, x.dtype, x.device)).ToArray();
        var stepMasks = mask?.unsqueeze(-1).unbind(1);
        Tensor? carried = null;
        Tensor? zeros = null;
        var outputs = ReturnSequences ? new Tensor[steps] : null;
        for (var t = 0; t < steps; t++)
        {
            var next = Step(projected.select(1, t), states, recurrentMask);
            var output = next[0];
            if (stepMasks is not null)
            {
                var keep = stepMasks[t];
                for (var i = 0; i < next.Length; i++) next[i] = torch.where(keep, next[i], states[i]);
                carried ??= torch.zeros_like(output);
                var kept = torch.where(keep, output, carried);
                if (outputs is not null && ZeroOutputForMask)
                {
                    zeros ??= torch.zeros_like(output);
                    outputs[t] = torch.where(keep, output, zeros);
                }
                else if (outputs is not null) outputs[t] = kept;
                carried = kept;
            }
            else
            {
                carried = output;
                if (outputs is not null) outputs[t] = output;
            }
            states = next;
        }
        return (outputs is null ? null! : torch.stack(outputs, 1), carried!, states);
    }
}
