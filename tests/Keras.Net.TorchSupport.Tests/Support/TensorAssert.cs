using System.Globalization;
using KerasNet.TorchSupport;
using Xunit;
using Xunit.Sdk;

namespace KerasNet.TestSupport;

public static class TensorAssert
{
    /// <summary>Float32 parity tolerances used throughout: |a - e| &lt;= Atol + Rtol * |e| elementwise.</summary>
    public const double Rtol = 1e-5, Atol = 1e-6;

    /// <summary>Asserts same shape and elementwise closeness; the failure names the worst element.</summary>
    public static void Close(TorchSharp.torch.Tensor expected, TorchSharp.torch.Tensor actual, double rtol = Rtol, double atol = Atol, string? what = null)
    {
        var label = what is null ? "" : what + ": ";
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{label}shape {Shape.Format(actual.shape)} differs from expected {Shape.Format(expected.shape)}");
        var e = expected.detach().to(TorchSharp.torch.ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        var a = actual.detach().to(TorchSharp.torch.ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
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
    public static void Equal(TorchSharp.torch.Tensor expected, TorchSharp.torch.Tensor actual, string? what = null) => Close(expected, actual, 0, 0, what);
}
