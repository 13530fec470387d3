using KerasNet.Activations;

namespace KerasNet.Tests.ActivationsTests;

/// <summary>Named activations against their Keras definitions, evaluated by hand (tolerance rtol 1e-5, atol 1e-6).</summary>
public class ActivationFunctionTests
{
    private static readonly float[] Inputs = { -3f, -0.5f, 0f, 0.7f, 4f };

    public static IEnumerable<object[]> Cases() => new (string Name, Func<double, double> Formula)[]
    {
        ("linear", x => x),
        ("relu", x => Math.Max(x, 0)),
        ("relu6", x => Math.Clamp(x, 0, 6)),
        ("leaky_relu", x => x > 0 ? x : 0.2 * x),                       // Keras 3's default negative slope
        ("elu", x => x > 0 ? x : Math.Exp(x) - 1),
        ("selu", x => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.Exp(x) - 1))),
        ("sigmoid", x => 1 / (1 + Math.Exp(-x))),
        ("hard_sigmoid", x => Math.Clamp(x / 6 + 0.5, 0, 1)),             // relu6(x + 3) / 6
        ("tanh", Math.Tanh),
        ("softplus", x => Math.Log(1 + Math.Exp(x))),
        ("softsign", x => x / (1 + Math.Abs(x))),
        ("exponential", Math.Exp),
        ("silu", x => x / (1 + Math.Exp(-x))),
        ("swish", x => x / (1 + Math.Exp(-x))),
        ("hard_silu", x => x * Math.Clamp(x / 6 + 0.5, 0, 1)),
        ("mish", x => x * Math.Tanh(Math.Log(1 + Math.Exp(x)))),
        ("gelu", x => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)))),            // exact, Keras's default (approximate=False)
    }.Select(c => new object[] { c.Name, c.Formula });

    [Theory]
    [MemberData(nameof(Cases))]
    public void ElementwiseActivations(string name, Func<double, double> formula)
    {
        using var scope = torch.NewDisposeScope();
        var expected = TestData.Floats(Inputs.Select(x => (float)formula(x)).ToArray());
        TestData.Close(expected, ActivationFunction.Get(name).Call(TestData.Floats(Inputs)), name);
    }

    [Fact]
    public void SoftmaxAndLogSoftmaxUseTheLastAxis()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Floats(new[] { 1f, 2f, 3f, 0f, 0f, 0f }, 2, 3);
        var sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        var expected = TestData.Floats(new[] { (float)(Math.Exp(1) / sum), (float)(Math.Exp(2) / sum), (float)(Math.Exp(3) / sum), 1 / 3f, 1 / 3f, 1 / 3f }, 2, 3);
        TestData.Close(expected, ActivationFunction.Get("softmax").Call(x), "softmax");
        TestData.Close(expected.log(), ActivationFunction.Get("log_softmax").Call(x), "log_softmax");
    }

    [Fact]
    public void NamesAndErrors()
    {
        Assert.True(ActivationFunction.Get(null).IsLinear);
        Assert.Equal("silu", ActivationFunction.Get("swish").Name);
        ActivationFunction relu = "ReLU";
        Assert.Equal("relu", relu.Name);
        Assert.Contains("Unknown activation 'relu7'", Assert.Throws<ArgumentException>(() => ActivationFunction.Get("relu7")).Message);
    }

    /// <summary>The error function by its Taylor series (accurate to about 1e-12 for the inputs used here).</summary>
    private static double Erf(double x)
    {
        // Taylor series, enough terms for |x| ≤ 3.
        double sum = 0, term = x;
        for (var n = 0; n < 80; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
