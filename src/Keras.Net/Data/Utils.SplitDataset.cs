using KerasNet.Data;

namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>split_dataset</c> for tensors: splits the samples (axis 0) into a left and a right part. A size below 1
    /// is a fraction of the samples (rounded half to even, as Python's <c>round</c>), a whole number of 1 or more is a
    /// count; with one size given the other part takes the rest, with none the left part takes half. The left part is
    /// the first samples (after shuffling) and the right part the last ones.
    /// </summary>
    /// <param name="x">The samples.</param>
    /// <param name="leftSize">The left part's size (fraction or count), or null.</param>
    /// <param name="rightSize">The right part's size (fraction or count), or null.</param>
    /// <param name="shuffle">Shuffle the samples before splitting.</param>
    /// <param name="seed">The shuffling seed; null draws one from libtorch's global generator.</param>
    /// <exception cref="ArgumentException">The sizes are invalid, exceed the samples, or leave a part empty.</exception>
    public static (Tensor Left, Tensor Right) SplitDataset(Tensor x, double? leftSize = null, double? rightSize = null, bool shuffle = false, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (left, right) = SplitDataset(new[] { x }, leftSize, rightSize, shuffle, seed);
        return (left[0], right[0]);
    }

    /// <summary>
    /// <see cref="SplitDataset(Tensor, double?, double?, bool, long?)"/> for several tensors with the same samples (e.g.
    /// inputs and targets), split alike: <c>var (train, test) = Utils.SplitDataset(new[] { x, y }, leftSize: 0.8);</c>.
    /// </summary>
    public static (Tensor[] Left, Tensor[] Right) SplitDataset(IReadOnlyList<Tensor> arrays, double? leftSize = null, double? rightSize = null,
        bool shuffle = false, long? seed = null)
    {
        const string fn = "SplitDataset";
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Count == 0) throw new ArgumentException($"{fn}: no tensors were given.", nameof(arrays));
        foreach (var t in arrays)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(arrays));
            if (t.dim() == 0 || t.size(0) != arrays[0].size(0))
                throw new ArgumentException(
                    $"{fn}: every tensor needs the same number of samples on axis 0; received shapes {string.Join(", ", arrays.Select(a => Shape.Format(a.shape)))}.", nameof(arrays));
        }
        var total = arrays[0].size(0);
        if (total > int.MaxValue) throw new ArgumentException($"{fn}: at most {int.MaxValue} samples; received {total}.", nameof(arrays));
        var (leftCount, rightCount) = SplitSizes(leftSize, rightSize, total);
        var order = SampleSeeds.Order((int)total, shuffle, seed ?? (shuffle ? SampleSeeds.FromTorchGenerator() : 0), 0);
        var leftIndices = order.AsSpan(0, (int)leftCount).ToArray().Select(i => (long)i).ToArray();
        var rightIndices = order.AsSpan((int)(total - rightCount)).ToArray().Select(i => (long)i).ToArray();
        Tensor[] Take(long[] indices) => arrays.Select(a =>
        {
            using var index = torch.tensor(indices, device: a.device);
            return a.index_select(0, index);
        }).ToArray();
        return (Take(leftIndices), Take(rightIndices));
    }

    /// <summary>Keras's rule for the two sizes, as counts.</summary>
    internal static (long Left, long Right) SplitSizes(double? leftSize, double? rightSize, long total)
    {
        const string fn = "SplitDataset";
        long? Count(double? size, string name)
        {
            if (size is not { } s) return null;
            if (double.IsNaN(s) || s <= 0)
                throw new ArgumentOutOfRangeException(name, size, $"{fn}: {name} must be a fraction in (0, 1) or a count from 1 to {total - 1}.");
            if (s < 1) return (long)Math.Round(s * total, MidpointRounding.ToEven);
            if (s != Math.Floor(s) || s >= total)
                throw new ArgumentOutOfRangeException(name, size,
                    $"{fn}: {name} must be a fraction in (0, 1) or a whole count from 1 to {total - 1} (the dataset holds {total} samples).");
            return (long)s;
        }
        if (leftSize is < 1 && rightSize is < 1 && leftSize + rightSize > 1)
            throw new ArgumentException($"{fn}: the fractions leftSize {leftSize} and rightSize {rightSize} add up to more than 1.", nameof(rightSize));
        var left = Count(leftSize, nameof(leftSize));
        var right = Count(rightSize, nameof(rightSize));
        if (left is null && right is null) left = (long)Math.Round(0.5 * total, MidpointRounding.ToEven);
        left ??= total - right!.Value;
        right ??= total - left.Value;
        if (left + right > total)
            throw new ArgumentException($"{fn}: leftSize ({left} samples) and rightSize ({right}) add up to more than the {total} samples.", nameof(rightSize));
        if (left == 0 || right == 0)
            throw new ArgumentException(
                $"{fn}: with {total} samples, leftSize {leftSize?.ToString() ?? "null"} and rightSize {rightSize?.ToString() ?? "null"} leave the {(left == 0 ? "left" : "right")} part empty. Adjust the sizes.",
                left == 0 ? nameof(leftSize) : nameof(rightSize));
        return (left.Value, right.Value);
    }
}
