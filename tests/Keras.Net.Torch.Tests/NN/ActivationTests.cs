using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>torch.nn.functional activations and the Tensor activation methods against PyTorch (tests/fixtures/cases/nn_activation.py).</summary>
public sealed class ActivationTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_activation");

    public void Dispose() => fx.Dispose();

    public static TheoryData<string> SimpleCases => new()
    {
        "relu", "relu6", "selu", "silu", "mish", "sigmoid", "tanh", "softsign", "logsigmoid", "hardswish", "hardsigmoid", "gelu",
    };

    private static readonly Dictionary<string, Func<Tensor, Tensor>> Simple = new()
    {
        ["relu"] = t => F.relu(t),
        ["relu6"] = t => F.relu6(t),
        ["selu"] = t => F.selu(t),
        ["silu"] = t => F.silu(t),
        ["mish"] = t => F.mish(t),
        ["sigmoid"] = F.sigmoid,
        ["tanh"] = F.tanh,
        ["softsign"] = F.softsign,
        ["logsigmoid"] = F.logsigmoid,
        ["hardswish"] = t => F.hardswish(t),
        ["hardsigmoid"] = t => F.hardsigmoid(t),
        ["gelu"] = t => F.gelu(t),
    };

    [Theory, MemberData(nameof(SimpleCases))]
    public void SimpleActivation(string name) => Parity.Check(fx, name, 1, x => Simple[name](x[0]));

    [Fact] public void LeakyRelu() => Parity.Check(fx, "leaky_relu", 1, x => F.leaky_relu(x[0]));
    [Fact] public void LeakyReluSlope() => Parity.Check(fx, "leaky_relu_slope", 1, x => F.leaky_relu(x[0], negative_slope: 0.2));
    [Fact] public void Elu() => Parity.Check(fx, "elu", 1, x => F.elu(x[0]));
    [Fact] public void EluAlpha() => Parity.Check(fx, "elu_alpha", 1, x => F.elu(x[0], alpha: 0.5));
    [Fact] public void CeluAlpha() => Parity.Check(fx, "celu_alpha", 1, x => F.celu(x[0], alpha: 2.0));
    [Fact] public void GeluTanh() => Parity.Check(fx, "gelu_tanh", 1, x => F.gelu(x[0], approximate: "tanh"));
    [Fact] public void Softplus() => Parity.Check(fx, "softplus", 1, x => F.softplus(x[0]));
    [Fact] public void SoftplusBetaThreshold() => Parity.Check(fx, "softplus_beta_threshold", 1, x => F.softplus(x[0], beta: 2, threshold: 5));
    [Fact] public void Hardtanh() => Parity.Check(fx, "hardtanh", 1, x => F.hardtanh(x[0]));
    [Fact] public void HardtanhRange() => Parity.Check(fx, "hardtanh_range", 1, x => F.hardtanh(x[0], min_val: -0.5, max_val: 2.0));
    [Fact] public void Threshold() => Parity.Check(fx, "threshold", 1, x => F.threshold(x[0], 0.1, 20.0));
    [Fact] public void Glu() => Parity.Check(fx, "glu", 1, x => F.glu(x[0]));
    [Fact] public void GluDim1() => Parity.Check(fx, "glu_dim1", 1, x => F.glu(x[0], dim: 1));
    [Fact] public void SoftmaxDim1() => Parity.Check(fx, "softmax_dim1", 1, x => F.softmax(x[0], dim: 1));
    [Fact] public void SoftmaxLastDim() => Parity.Check(fx, "softmax_last", 1, x => F.softmax(x[0], -1));
    [Fact] public void LogSoftmaxDim1() => Parity.Check(fx, "log_softmax_dim1", 1, x => F.log_softmax(x[0], 1));
    [Fact] public void LogSoftmaxLastDim() => Parity.Check(fx, "log_softmax_last", 1, x => F.log_softmax(x[0], -1));
    [Fact] public void Softmin() => Parity.Check(fx, "softmin", 1, x => F.softmin(x[0], 0));

    [Fact]
    public void SoftmaxWithDtypeComputesInThatType()
    {
        Parity.Check(fx, "softmax_float64", 1, x =>
        {
            var y = F.softmax(x[0], 2, dtype: ScalarType.Float64);
            Assert.Equal(ScalarType.Float64, y.dtype);
            return y;
        });
    }

    // ---- Tensor methods ----

    [Fact] public void TensorRelu() => Parity.Check(fx, "relu", 1, x => x[0].relu());
    [Fact] public void TensorSigmoid() => Parity.Check(fx, "sigmoid", 1, x => x[0].sigmoid());
    [Fact] public void TensorSoftmax() => Parity.Check(fx, "softmax_dim1", 1, x => x[0].softmax(1));
    [Fact] public void TensorLogSoftmax() => Parity.Check(fx, "log_softmax_last", 1, x => x[0].log_softmax(-1));

    // ---- in place ----

    public static TheoryData<string> InPlaceCases => new()
    {
        "relu", "relu_method", "relu_flag", "relu6", "leaky_relu_slope", "elu_alpha", "selu", "celu_alpha", "silu", "mish",
        "hardswish", "hardsigmoid", "hardtanh_range", "threshold",
    };

    private static readonly Dictionary<string, (string fixture, Func<Tensor, Tensor> op)> InPlace = new()
    {
        ["relu"] = ("relu", F.relu_),
        ["relu_method"] = ("relu", t => t.relu_()),
        ["relu_flag"] = ("relu", t => F.relu(t, inplace: true)),
        ["relu6"] = ("relu6", t => F.relu6(t, inplace: true)),
        ["leaky_relu_slope"] = ("leaky_relu_slope", t => F.leaky_relu_(t, 0.2)),
        ["elu_alpha"] = ("elu_alpha", t => F.elu_(t, 0.5)),
        ["selu"] = ("selu", F.selu_),
        ["celu_alpha"] = ("celu_alpha", t => F.celu_(t, 2.0)),
        ["silu"] = ("silu", t => F.silu(t, inplace: true)),
        ["mish"] = ("mish", t => F.mish(t, inplace: true)),
        ["hardswish"] = ("hardswish", t => F.hardswish(t, inplace: true)),
        ["hardsigmoid"] = ("hardsigmoid", t => F.hardsigmoid(t, inplace: true)),
        ["hardtanh_range"] = ("hardtanh_range", t => F.hardtanh_(t, -0.5, 2.0)),
        ["threshold"] = ("threshold", t => F.threshold_(t, 0.1, 20.0)),
    };

    [Theory, MemberData(nameof(InPlaceCases))]
    public void InPlaceVariantModifiesAndReturnsItsInput(string name)
    {
        var (fixture, op) = InPlace[name];
        using var scope = torch.NewDisposeScope();
        var x = fx.Input(fixture, 0);
        var y = op(x);
        Assert.Same(x, y);
        TensorAssert.Close(fx[$"{fixture}.out"], x);
    }

    // ---- bad input ----

    [Fact]
    public void GeluRejectsUnknownApproximation()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => F.gelu(torch.randn(3), approximate: "erf"));
        Assert.Equal("approximate", e.ParamName);
        Assert.Contains("gelu: approximate must be 'none' or 'tanh'; received 'erf'", e.Message);
    }

    [Fact]
    public void SoftmaxRejectsADimOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3);
        var e = Assert.Throws<TorchIndexException>(() => F.softmax(x, 2));
        Assert.StartsWith("softmax: Dimension out of range", e.Message);
        Assert.Contains("float32[2, 3]", e.Message);
    }

    [Fact]
    public void GluRejectsAnOddDimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 5);
        var e = Assert.Throws<TorchShapeException>(() => F.glu(x));
        Assert.StartsWith("glu: Halving dimension must be even", e.Message);
        Assert.Contains("float32[2, 5]", e.Message);
    }

    [Fact]
    public void HardtanhRejectsAnEmptyRange()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => F.hardtanh(torch.randn(3), min_val: 1, max_val: -1));
        Assert.Equal("min_val", e.ParamName);
    }

    [Fact]
    public void InPlaceReluOnALeafThatRequiresGradIsRefused()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(3).requires_grad_();
        var e = Assert.ThrowsAny<TorchException>(() => F.relu_(x));
        Assert.StartsWith("relu_:", e.Message);
        Assert.Contains("leaf Variable that requires grad", e.Message);
    }
}
