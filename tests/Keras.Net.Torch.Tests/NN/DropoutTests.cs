using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>
/// Dropout: masks reproduced bit for bit from PyTorch under the same seed (same libtorch generator), statistics,
/// determinism, identity when not training, channel-wise zeroing, and argument validation.
/// </summary>
[Collection(GlobalSeedCollection.Name)]
public sealed class DropoutTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_norm");

    public void Dispose() => fx.Dispose();

    [Fact]
    public void DropoutMatchesPyTorchUnderTheSameSeed()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(42);
        TensorAssert.Equal(fx["dropout_seed42.out"], F.dropout(torch.ones(2000), 0.3));
    }

    [Fact]
    public void Dropout2dMatchesPyTorchUnderTheSameSeed()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        TensorAssert.Equal(fx["dropout2d_seed7.out"], F.dropout2d(torch.ones(4, 16, 3, 3), 0.5));
    }

    [Fact]
    public void AlphaDropoutMatchesPyTorchUnderTheSameSeed()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        TensorAssert.Close(fx["alpha_dropout_seed11.out"], F.alpha_dropout(torch.linspace(-2, 2, 500), 0.2, training: true));
    }

    [Fact]
    public void DropoutZeroesAboutPAndScalesTheRest()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(123);
        const int n = 100_000;
        var values = F.dropout(torch.ones(n), p: 0.3).data<float>();
        var zeros = values.Count(v => v == 0);
        // Binomial(n, 0.3): standard deviation 145 zeros, so ±1000 is about seven deviations.
        Assert.InRange(zeros, 29_000, 31_000);
        Assert.All(values.Where(v => v != 0), v => Assert.Equal(1 / 0.7f, v, 6));
        Assert.InRange(values.Average(v => (double)v), 0.98, 1.02);
    }

    [Fact]
    public void DropoutIsDeterministicUnderManualSeed()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(64, 32);
        torch.manual_seed(5);
        var first = F.dropout(x, 0.5);
        torch.manual_seed(5);
        var second = F.dropout(x, 0.5);
        var third = F.dropout(x, 0.5);
        TensorAssert.Equal(first, second);
        Assert.False(first.allclose(third), "a second draw without reseeding should give another mask");
    }

    [Fact]
    public void NotTrainingIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 6, 3, 3);
        TensorAssert.Equal(x, F.dropout(x, 0.5, training: false));
        TensorAssert.Equal(x, F.dropout2d(x, 0.5, training: false));
        TensorAssert.Equal(x, F.dropout3d(x.alias(), 0.5, training: false));
        TensorAssert.Equal(x, F.alpha_dropout(x, 0.5));
        TensorAssert.Equal(x, F.feature_alpha_dropout(x, 0.5));
    }

    [Fact]
    public void ProbabilityZeroKeepsEverythingAndOneDropsEverything()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(10, 10);
        TensorAssert.Equal(x, F.dropout(x, 0.0));
        TensorAssert.Equal(torch.zeros(10, 10), F.dropout(x, 1.0));
    }

    [Fact]
    public void Dropout2dZeroesWholeChannels()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(99);
        const int batch = 8, channels = 32, plane = 5 * 5;
        var x = torch.rand(new long[] { batch, channels, 5, 5 }).add(0.5);
        var input = x.data<float>();
        var output = F.dropout2d(x, p: 0.4).data<float>();
        var dropped = 0;
        for (var c = 0; c < batch * channels; c++)
        {
            var start = c * plane;
            var zeroed = output[start] == 0;
            if (zeroed) dropped++;
            for (var i = start; i < start + plane; i++)
            {
                var expected = zeroed ? 0.0 : input[i] / 0.6;
                Assert.True(Math.Abs(output[i] - expected) <= 1e-6 * expected, $"channel {c}, element {i - start}: {output[i]} (expected {expected})");
            }
        }
        // 256 channels, Binomial(256, 0.4): mean 102, standard deviation 7.8.
        Assert.InRange(dropped, 70, 135);
    }

    [Fact]
    public void DropoutGradientIsTheScaledMask()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var x = torch.ones(50, 20).requires_grad_();
        var y = F.dropout(x, 0.25);
        y.sum().backward();
        TensorAssert.Equal(y.detach(), x.grad!);
    }

    [Fact]
    public void InplaceDropoutModifiesAndReturnsTheInput()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(17);
        var x = torch.ones(1000);
        var y = F.dropout(x, 0.5, inplace: true);
        Assert.Same(x, y);
        var values = x.data<float>();
        Assert.Contains(0f, values);
        Assert.Contains(2f, values);
        Assert.All(values, v => Assert.True(v == 0f || v == 2f));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void RejectsProbabilityOutsideZeroToOne(double p)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.dropout(x, p));
        Assert.Equal("p", e.ParamName);
        Assert.Contains("dropout: the dropout probability p must be between 0 and 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => F.dropout2d(x, p));
    }
}

/// <summary>Tests that seed libtorch's global generator run one at a time, so another test's draws cannot interleave.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalSeedCollection
{
    public const string Name = "global torch seed";
}
