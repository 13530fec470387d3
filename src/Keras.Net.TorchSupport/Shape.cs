using System.Globalization;

namespace KerasNet.TorchSupport;

/// <summary>Helpers for shapes written the PyTorch way.</summary>
public static class Shape
{
    /// <summary>Formats a shape as <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>The number of elements of a shape (1 for a scalar); throws on a negative size.</summary>
    public static long Numel(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (var size in shape)
        {
            if (size < 0) throw new ArgumentException($"Shape {Format(shape)} has a negative size; every size must be >= 0.", nameof(shape));
            n *= size;
        }
        return n;
    }
}
