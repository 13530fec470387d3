using KerasNet.Callbacks;

namespace KerasNet.Tests.Callbacks;

/// <summary>The file-name template formatter against outputs of CPython's str.format (recorded from python3).</summary>
public class PythonFormatTests
{
    private static string Format(string template, object value) =>
        PythonFormat.Format(template, new Dictionary<string, object> { ["x"] = value });

    [Theory]
    [InlineData("{x:.2f}", 0.41234, "0.41")]
    [InlineData("{x:.2f}", 0.125, "0.12")]
    [InlineData("{x:.2f}", 0.375, "0.38")]
    [InlineData("{x:.2f}", 2.675, "2.67")]
    [InlineData("{x:.2f}", -0.001, "-0.00")]
    [InlineData("{x:.2f}", 1e22, "10000000000000000000000.00")]
    [InlineData("{x:.2f}", double.PositiveInfinity, "inf")]
    [InlineData("{x:.0f}", 2.5, "2")]
    [InlineData("{x:.0f}", 3.5, "4")]
    [InlineData("{x:.4e}", 0.000123456, "1.2346e-04")]
    [InlineData("{x:.4e}", 12345.678, "1.2346e+04")]
    [InlineData("{x:.4e}", 0.0, "0.0000e+00")]
    [InlineData("{x:.4e}", 9.99995, "1.0000e+01")]
    [InlineData("{x:.4e}", 9.99994, "9.9999e+00")]
    [InlineData("{x:.3e}", 1e-310, "1.000e-310")]
    [InlineData("{x:.0e}", 15.0, "2e+01")]
    [InlineData("{x:E}", 1234.5, "1.234500E+03")]
    [InlineData("{x}", 0.1, "0.1")]
    [InlineData("{x}", 1e-05, "1e-05")]
    [InlineData("{x}", 0.0001, "0.0001")]
    [InlineData("{x}", 100.0, "100.0")]
    [InlineData("{x}", 1e16, "1e+16")]
    [InlineData("{x}", 123456789012345680.0, "1.2345678901234568e+17")]
    [InlineData("{x}", 0.6931471805599453, "0.6931471805599453")]
    [InlineData("{x}", 5e-324, "5e-324")]
    [InlineData("{x}", 1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData("{x}", -0.0, "-0.0")]
    [InlineData("{x}", double.NaN, "nan")]
    [InlineData("{x}", double.NegativeInfinity, "-inf")]
    [InlineData("{x:>8.3f}", 3.14159, "   3.142")]
    [InlineData("{x:<8.3f}|", 3.14159, "3.142   |")]
    [InlineData("{x:^9.2f}", 3.14159, "  3.14   ")]
    [InlineData("{x:+.1f}", 3.14159, "+3.1")]
    [InlineData("{x:08.3f}", -3.14159, "-003.142")]
    [InlineData("{x:.1%}", 0.256, "25.6%")]
    [InlineData("{x:.1%}", double.NaN, "nan%")]
    [InlineData("{x:g}", 0.0001234, "0.0001234")]
    [InlineData("{x:g}", 1234567.0, "1.23457e+06")]
    [InlineData("{x:g}", 0.0, "0")]
    [InlineData("{x:.3g}", 100.0, "100")]
    [InlineData("{x:.3}", 123.0, "1.23e+02")]
    [InlineData("{x:.3}", 12.0, "12.0")]
    public void FloatsAreFormattedAsPythonDoes(string template, double value, string expected) =>
        Assert.Equal(expected, Format(template, value));

    [Theory]
    [InlineData("{x:02d}", 3, "03")]
    [InlineData("{x:02d}", 123, "123")]
    [InlineData("{x}", 7, "7")]
    [InlineData("{x:*^7d}", 42, "**42***")]
    [InlineData("{x:+d}", 5, "+5")]
    [InlineData("{x: d}", 5, " 5")]
    [InlineData("{x:5d}", -42, "  -42")]
    [InlineData("{x:05d}", -42, "-0042")]
    [InlineData("{x:.2f}", 3, "3.00")]
    public void IntegersAreFormattedAsPythonDoes(string template, int value, string expected) =>
        Assert.Equal(expected, Format(template, value));

    [Fact]
    public void KerasCheckpointTemplate()
    {
        var values = new Dictionary<string, object> { ["epoch"] = 3, ["val_loss"] = 0.41234, ["loss"] = 0.5 };
        Assert.Equal("ckpt-03-0.41.weights.safetensors", PythonFormat.Format("ckpt-{epoch:02d}-{val_loss:.2f}.weights.safetensors", values));
        Assert.Equal("{literal}-3-0.5", PythonFormat.Format("{{literal}}-{epoch}-{loss}", values));
    }

    [Fact]
    public void MissingNameListsTheAvailableOnes()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => PythonFormat.Format("w-{val_acc:.2f}", new Dictionary<string, object> { ["epoch"] = 1, ["loss"] = 0.1 }));
        Assert.Contains("'val_acc'", error.Message);
        Assert.Contains("epoch, loss", error.Message);
    }

    [Theory]
    [InlineData("{x:02d}")]     // 'd' is for integers
    [InlineData("{x")]          // unclosed
    [InlineData("a}b")]         // single closing brace
    [InlineData("{}")]          // positional field
    [InlineData("{x!r}")]       // conversion
    [InlineData("{x.real}")]    // attribute
    [InlineData("{x:.2q}")]     // unknown type
    [InlineData("{x:.f}")]      // precision without digits
    public void MalformedOrUnsupportedTemplatesThrowFormatException(string template) =>
        Assert.Throws<FormatException>(() => Format(template, 0.5));

    [Fact]
    public void PrecisionIsNotAllowedForIntegers() =>
        Assert.Throws<FormatException>(() => Format("{x:.2d}", 3));
}
