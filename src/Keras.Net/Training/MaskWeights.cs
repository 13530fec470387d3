using KerasNet.Losses;

namespace KerasNet.Training;

/// <summary>
/// Keras's use of an output mask in the loss and metrics: the mask becomes a sample weight over time steps, so
/// masked steps count for nothing. For a loss reduced by <see cref="Reduction.SumOverBatchSize"/> the mask is
/// rescaled by (all steps / unmasked steps), so the loss is the mean over the unmasked steps only.
/// </summary>
internal static class MaskWeights
{
    /// <summary>The masks that a model's outputs carry (null entries where none), or null when no output has one.</summary>
    internal static Tensor?[]? Of(IReadOnlyList<Tensor> outputs)
    {
        Tensor?[]? masks = null;
        for (var i = 0; i < outputs.Count; i++)
        {
            var mask = Layer.GetMask(outputs[i]);
            if (mask is null) continue;
            masks ??= new Tensor?[outputs.Count];
            masks[i] = mask;
        }
        return masks;
    }

    /// <summary>The sample weight a loss uses for output <paramref name="index"/>: <paramref name="sampleWeight"/> times the rescaled mask.</summary>
    internal static Tensor? ForLoss(Tensor? sampleWeight, Tensor?[]? masks, int index, Loss loss, ScalarType dtype)
    {
        if (masks?[index] is not { } mask) return sampleWeight;
        var weight = mask.to(dtype);
        if (loss.Reduction == Reduction.SumOverBatchSize)
            weight = weight * (weight.numel() / weight.sum().clamp(min: 1e-7));
        return Combine(sampleWeight, weight);
    }

    /// <summary>The sample weight a metric uses for output <paramref name="index"/>: <paramref name="sampleWeight"/> times the mask.</summary>
    internal static Tensor? ForMetric(Tensor? sampleWeight, Tensor?[]? masks, int index, ScalarType dtype) =>
        masks?[index] is { } mask ? Combine(sampleWeight, mask.to(dtype)) : sampleWeight;

    private static Tensor Combine(Tensor? sampleWeight, Tensor mask)
    {
        if (sampleWeight is null) return mask;
        var weight = sampleWeight.to(mask.dtype);
        while (weight.dim() < mask.dim()) weight = weight.unsqueeze(-1);
        return weight * mask;
    }
}
