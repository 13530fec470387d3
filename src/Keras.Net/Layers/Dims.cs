using System.Globalization;

namespace KerasNet.Layers;

/// <summary>
/// A per-dimension argument (kernel size, strides, dilation, pool size): one number for every dimension or one per
/// dimension, as Keras accepts <c>3</c> or <c>(3, 3)</c>. Converts implicitly from int, long, arrays and tuples.
/// </summary>
public readonly struct Dims
{
    private readonly long[]? values;

    /// <summary>Creates the argument from its values.</summary>
    public Dims(params long[] values) => this.values = values ?? throw new ArgumentNullException(nameof(values));

    /// <summary>The values as given.</summary>
    public IReadOnlyList<long> Values => values ?? Array.Empty<long>();

    /// <summary>True when no value was given.</summary>
    public bool IsEmpty => values is null || values.Length == 0;

    /// <summary>The values for <paramref name="rank"/> dimensions (one value is repeated); validated as positive.</summary>
    public long[] Expand(int rank, string argument, string layer, bool allowZero = false)
    {
        if (values is null || values.Length == 0) throw new ArgumentException($"{layer}: {argument} is required.", argument);
        var result = values.Length == 1 ? Enumerable.Repeat(values[0], rank).ToArray()
            : values.Length == rank ? (long[])values.Clone()
            : throw new ArgumentException($"{layer}: {argument} must be one number or {rank} numbers; received ({Format()}).", argument);
        foreach (var v in result)
            if (v < 0 || (v == 0 && !allowZero))
                throw new ArgumentException($"{layer}: every {argument} value must be {(allowZero ? ">= 0" : "positive")}; received ({Format()}).", argument);
        return result;
    }

    private string Format() => string.Join(", ", Values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary>One value for every dimension.</summary>
    public static implicit operator Dims(int value) => new(value);
    /// <summary>One value for every dimension.</summary>
    public static implicit operator Dims(long value) => new(value);
    /// <summary>One value per dimension.</summary>
    public static implicit operator Dims(long[] values) => new(values);
    /// <summary>One value per dimension.</summary>
    public static implicit operator Dims(int[] values) => new(values.Select(v => (long)v).ToArray());
    /// <summary>Two dimensions.</summary>
    public static implicit operator Dims((int, int) values) => new(values.Item1, values.Item2);
    /// <summary>Three dimensions.</summary>
    public static implicit operator Dims((int, int, int) values) => new(values.Item1, values.Item2, values.Item3);

    /// <inheritdoc/>
    public override string ToString() => $"({Format()})";
}
