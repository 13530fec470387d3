using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

/// <summary>
/// A number passed to an op (<c>x + 1</c>, <c>torch.full(shape, 0.5)</c>). Integers stay integers, so that
/// <c>int_tensor + 1</c> stays integral while <c>int_tensor + 1.0</c> promotes to floating point, as in PyTorch.
/// </summary>
public readonly struct Scalar
{
    internal readonly NativeScalar Native;

    private Scalar(NativeScalar native) => Native = native;

    /// <summary>True when the value is a floating-point number.</summary>
    public bool IsFloatingPoint => Native.Kind == 0;

    /// <summary>The value as a double.</summary>
    public double ToDouble() => Native.Kind == 0 ? Native.D : Native.L;

    /// <summary>From a double.</summary>
    public static implicit operator Scalar(double value) => new(new NativeScalar(value, 0, 0));
    /// <summary>From a float.</summary>
    public static implicit operator Scalar(float value) => new(new NativeScalar(value, 0, 0));
    /// <summary>From an int.</summary>
    public static implicit operator Scalar(int value) => new(new NativeScalar(value, value, 1));
    /// <summary>From a long.</summary>
    public static implicit operator Scalar(long value) => new(new NativeScalar(value, value, 1));
    /// <summary>From a bool.</summary>
    public static implicit operator Scalar(bool value) => new(new NativeScalar(value ? 1 : 0, value ? 1 : 0, 2));

    /// <inheritdoc/>
    public override string ToString() => Native.Kind switch
    {
        0 => Native.D.ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => Native.L.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Native.L != 0 ? "true" : "false",
    };
}
