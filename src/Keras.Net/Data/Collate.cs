
namespace KerasNet.Data;

/// <summary>Turns a list of samples into a batch.</summary>
public static class Collate
{
    /// <summary>
    /// Stacks the samples position by position: input i of the batch is the stack of every sample's input i (a new
    /// leading batch axis), and likewise for the targets. All samples must have tensors of the same shapes.
    /// </summary>
    /// <exception cref="ArgumentException">The samples differ in their number of tensors or in a tensor's shape.</exception>
    public static Batch Stack(IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0) throw new ArgumentException("Collate: a batch needs at least one sample.", nameof(samples));
        return new Batch(StackPart(samples, s => s.X, "input"), StackPart(samples, s => s.Y, "target"));
    }

    private static Tensor[] StackPart(IReadOnlyList<Sample> samples, Func<Sample, IReadOnlyList<Tensor>> part, string what)
    {
        var first = part(samples[0]);
        var result = new Tensor[first.Count];
        for (var p = 0; p < first.Count; p++)
        {
            var shape = first[p].shape;
            var column = new Tensor[samples.Count];
            for (var i = 0; i < samples.Count; i++)
            {
                var tensors = part(samples[i]);
                if (tensors.Count != first.Count)
                    throw new ArgumentException($"Collate: sample {i} of the batch has {tensors.Count} {what}(s) but sample 0 has {first.Count}.", nameof(samples));
                var t = tensors[p];
                if (!t.shape.AsSpan().SequenceEqual(shape))
                    throw new ArgumentException(
                        $"Collate: sample {i} of the batch has {what} {p} of shape {Shape.Format(t.shape)} but sample 0 has {Shape.Format(shape)}. " +
                        "Samples of a batch must have one shape: resize them (e.g. a Resize and a CenterCropTransform) or give the loader a collate function.",
                        nameof(samples));
                column[i] = t;
            }
            result[p] = torch.stack(column);
        }
        return result;
    }
}
