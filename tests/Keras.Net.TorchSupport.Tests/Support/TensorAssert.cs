using System.Globalization;
using KerasNet.TorchSupport;
using TorchSharp;
using Xunit;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace KerasNet.TestSupport;

/// <summary>Tensor assertions shared by the test projects (compiled into each of them).</summary>
public static class TensorAssert
{
    /// <summary>Float32 parity tolerances used throughout: |a - e| &lt;= Atol + Rtol * |e| elementwise.</summary>
    public const double Rtol = 1e-5, Atol = 1e-6;

    /// <summary>Asserts same shape and elementwise closeness; the failure names the worst element.</summary>
    public static void Close(Tensor expected, Tensor actual, double rtol = Rtol, double atol = Atol, string? what = null)
    {
        var label = what is null ? "" : what + ": ";
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{label}shape {KerasNet.TorchSupport.Shape.Format(actual.shape)} differs from expected {KerasNet.TorchSupport.Shape.Format(expected.shape)}");
        var e = Values(expected);
        var a = Values(actual);
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) && double.IsNaN(a[i])) continue;
            var excess = Math.Abs(a[i] - e[i]) - (atol + rtol * Math.Abs(e[i]));
            if (excess > worstExcess || double.IsNaN(excess)) { worst = i; worstExcess = double.IsNaN(excess) ? double.PositiveInfinity : excess; }
        }
        if (worst >= 0)
            throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                $"{label}element {worst} is {a[worst]:R}, expected {e[worst]:R} (|diff| {Math.Abs(a[worst] - e[worst]):E3} > atol {atol} + rtol {rtol} * |expected|)"));
    }

    /// <summary>Asserts exact equality of shape and values (integers, bools).</summary>
    public static void Equal(Tensor expected, Tensor actual, string? what = null) => Close(expected, actual, 0, 0, what);

    // The elements as float64, row-major, read from a CPU copy; the temporaries are disposed here.
    private static double[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        using var values = tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>();
        return values.ToArray();
    }
}
