using System.Globalization;

namespace KerasNet;

/// <summary>
/// A Keras shape: sizes per axis where <c>null</c> means "unknown" (the batch axis of a symbolic tensor).
/// Printed as Keras does: <c>(None, 28, 28, 1)</c>.
/// </summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly long?[] dims;

    /// <summary>Creates a shape from sizes; null marks an unknown size.</summary>
    public TensorShape(params long?[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        foreach (var d in dims)
            if (d is < 0) throw new ArgumentException($"Shape {Format(dims)} has a negative size; sizes must be >= 0 or null (unknown).", nameof(dims));
        this.dims = (long?[])dims.Clone();
    }

    /// <summary>A shape with a leading unknown batch axis followed by <paramref name="sizes"/>.</summary>
    public static TensorShape WithBatch(params long[] sizes) => new(new long?[] { null }.Concat(sizes.Select(s => (long?)s)).ToArray());

    /// <summary>The shape of a concrete tensor.</summary>
    public static TensorShape Of(long[] sizes) => new(sizes.Select(s => (long?)s).ToArray());

    /// <summary>The number of axes.</summary>
    public int Rank => dims.Length;

    /// <summary>The size of an axis (negative counts from the end).</summary>
    public long? this[int axis] => dims[axis < 0 ? axis + dims.Length : axis];

    /// <summary>The sizes.</summary>
    public IReadOnlyList<long?> Dims => dims;

    /// <summary>True when every size is known.</summary>
    public bool IsFullyDefined => dims.All(d => d is not null);

    /// <summary>The shape without its first (batch) axis.</summary>
    public TensorShape WithoutBatch() => new(dims.Skip(1).ToArray());

    /// <summary>This shape with its first axis replaced.</summary>
    public TensorShape ReplaceBatch(long? batch)
    {
        if (dims.Length == 0) throw new InvalidOperationException("A scalar shape has no batch axis.");
        var copy = (long?[])dims.Clone();
        copy[0] = batch;
        return new TensorShape(copy);
    }

    /// <summary>The product of the known sizes after the batch axis, or null if any is unknown.</summary>
    public long? FeatureSize()
    {
        long product = 1;
        for (var i = 1; i < dims.Length; i++)
        {
            if (dims[i] is not { } d) return null;
            product *= d;
        }
        return product;
    }

    /// <summary>Concrete sizes, with unknown sizes replaced by <paramref name="unknownAs"/>.</summary>
    public long[] ToArray(long unknownAs = 1) => dims.Select(d => d ?? unknownAs).ToArray();

    /// <summary>True when <paramref name="other"/> matches, treating unknown sizes as wildcards.</summary>
    public bool IsCompatibleWith(TensorShape other) =>
        other.Rank == Rank && dims.Zip(other.dims).All(p => p.First is null || p.Second is null || p.First == p.Second);

    /// <inheritdoc/>
    public bool Equals(TensorShape? other) => other is not null && dims.SequenceEqual(other.dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in dims) hash.Add(d);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => Format(dims);

    internal static string Format(IReadOnlyList<long?> dims)
    {
        var parts = dims.Select(d => d is null ? "None" : d.Value.ToString(CultureInfo.InvariantCulture)).ToArray();
        return parts.Length == 1 ? $"({parts[0]},)" : $"({string.Join(", ", parts)})";
    }
}
