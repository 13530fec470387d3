using KerasNet.Data.Transforms;

namespace KerasNet.Data;

/// <summary>
/// Samples sliced from in-memory tensors along their first axis (e.g. images (N, C, H, W) and labels (N,)), with an
/// optional transform applied to each input image. The dataset does not own the tensors.
/// </summary>
public sealed class TensorDataset : IDataset
{
    private readonly Tensor x;
    private readonly Tensor? y;

    /// <summary>Creates the dataset.</summary>
    /// <param name="x">The inputs; the first axis indexes samples.</param>
    /// <param name="y">The targets (same number of samples), or null.</param>
    /// <param name="transform">Applied to each input sample, or null.</param>
    public TensorDataset(Tensor x, Tensor? y = null, ITransform? transform = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() == 0) throw new ArgumentException("TensorDataset: x must have a sample axis; received a 0-dimensional tensor.", nameof(x));
        if (y is not null && (y.dim() == 0 || y.size(0) != x.size(0)))
            throw new ArgumentException(
                $"TensorDataset: x and y must have the same number of samples (first axis); x has shape {Shape.Format(x.shape)} and y {Shape.Format(y.shape)}.", nameof(y));
        if (x.size(0) > int.MaxValue) throw new ArgumentException($"TensorDataset: at most {int.MaxValue} samples; x has {x.size(0)}.", nameof(x));
        this.x = x;
        this.y = y;
        Transform = transform;
    }

    /// <summary>The transform applied to each input, if any.</summary>
    public ITransform? Transform { get; }

    /// <inheritdoc/>
    public int Count => (int)x.size(0);

    /// <inheritdoc/>
    public Sample Get(int index, Random random)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"TensorDataset holds {Count} samples.");
        var input = x.select(0, index);
        if (Transform is not null)
        {
            var transformed = Transform.Apply(input, random);
            if (!ReferenceEquals(transformed, input)) input.Dispose();
            input = transformed;
        }
        return new Sample(input, y?.select(0, index));
    }
}
