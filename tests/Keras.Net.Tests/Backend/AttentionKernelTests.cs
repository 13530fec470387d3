using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.Attention;

/// <summary>
/// scaled_dot_product_attention against PyTorch's documented math (fixtures from tests/fixtures/cases/attention.py):
/// outputs and gradients with no mask, boolean and additive masks, causal masking, a custom scale and seeded dropout;
/// then the attention weights, and bad input.
/// </summary>
[Collection(KerasNet.Torch.Tests.NN.GlobalSeedCollection.Name)]
public sealed class AttentionTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("attention");

    public void Dispose() => fx.Dispose();

    [Fact] public void Plain() => Parity.Check(fx, "plain", 3, x => F.scaled_dot_product_attention(x[0], x[1], x[2]));

    [Fact]
    public void BooleanMask()
    {
        using var scope = torch.NewDisposeScope();
        var mask = fx["bool_mask.in3"];
        Parity.Check(fx, "bool_mask", 3, x => F.scaled_dot_product_attention(x[0], x[1], x[2], mask));
    }

    [Fact]
    public void AdditiveMask()
    {
        using var scope = torch.NewDisposeScope();
        var mask = fx["float_mask.in3"];
        Parity.Check(fx, "float_mask", 3, x => F.scaled_dot_product_attention(x[0], x[1], x[2], mask));
    }

    [Fact] public void Causal() => Parity.Check(fx, "causal", 3, x => F.scaled_dot_product_attention(x[0], x[1], x[2], is_causal: true));

    [Fact]
    public void CausalWithMoreKeysThanQueries() =>
        Parity.Check(fx, "causal_rectangular", 3, x => F.scaled_dot_product_attention(x[0], x[1], x[2], is_causal: true));

    [Fact] public void CustomScale() => Parity.Check(fx, "scale", 3, x => F.scaled_dot_product_attention(x[0], x[1], x[2], scale: 0.3));

    [Fact]
    public void DropoutFollowsTheSeed() => Parity.Check(fx, "dropout", 3, x =>
    {
        torch.manual_seed(11); // as the fixture did just before its call
        return F.scaled_dot_product_attention(x[0], x[1], x[2], dropout_p: 0.3);
    });

    [Fact]
    public void WeightsWithBooleanMask()
    {
        using var scope = torch.NewDisposeScope();
        var (output, weights) = F.scaled_dot_product_attention_with_weights(
            fx.Input("bool_mask", 0), fx.Input("bool_mask", 1), fx.Input("bool_mask", 2), fx["bool_mask.in3"]);
        TensorAssert.Close(fx["bool_mask.out"], output);
        TensorAssert.Close(fx["bool_mask.weights"], weights);
        // Masked-out keys get exactly zero weight.
        var blocked = fx["bool_mask.in3"].logical_not().expand_as_float(weights);
        Assert.Equal(0.0, (weights * blocked).abs().sum().item());
    }

    [Fact]
    public void CausalWeightsAreLowerTriangularRowsSummingToOne()
    {
        using var scope = torch.NewDisposeScope();
        var (_, weights) = F.scaled_dot_product_attention_with_weights(
            fx.Input("causal", 0), fx.Input("causal", 1), fx.Input("causal", 2), is_causal: true);
        TensorAssert.Close(fx["causal.weights"], weights);
        var w = weights.data<float>();
        for (var row = 0; row < w.Length / 5; row++)
        {
            var i = row % 5;
            var sum = 0.0;
            for (var j = 0; j < 5; j++)
            {
                if (j > i) Assert.Equal(0f, w[row * 5 + j]);
                sum += w[row * 5 + j];
            }
            Assert.Equal(1.0, sum, 5);
        }
    }

    [Fact]
    public void CausalAndExplicitMaskTogetherAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.randn(2, 4, 3);
        var e = Assert.Throws<ArgumentException>(() => F.scaled_dot_product_attention(q, q, q, torch.ones([4, 4], ScalarType.Bool), is_causal: true));
        Assert.Equal("attn_mask", e.ParamName);
        Assert.Contains("pass either attn_mask or is_causal: true, not both", e.Message);
    }

    [Fact]
    public void FeatureSizesMustMatch()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => F.scaled_dot_product_attention(torch.randn(2, 4, 3), torch.randn(2, 5, 8), torch.randn(2, 5, 8)));
        Assert.Equal("scaled_dot_product_attention: query and key must have the same feature size (last dimension); received query [2, 4, 3] and key [2, 5, 8].", e.Message);
    }

    [Fact]
    public void KeyAndValueLengthsMustMatch()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => F.scaled_dot_product_attention(torch.randn(2, 4, 3), torch.randn(2, 5, 3), torch.randn(2, 6, 3)));
        Assert.Contains("key and value must have the same sequence length (dimension -2); received key [2, 5, 3] and value [2, 6, 3]", e.Message);
    }

    [Fact]
    public void MaskThatDoesNotBroadcastIsAShapeErrorFromLibtorch()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.randn(2, 4, 3);
        var e = Assert.Throws<TorchShapeException>(() => F.scaled_dot_product_attention(q, q, q, torch.zeros(3, 3)));
        Assert.StartsWith("scaled_dot_product_attention: ", e.Message);
    }

    [Fact]
    public void DropoutProbabilityOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.randn(2, 4, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.scaled_dot_product_attention(q, q, q, dropout_p: 1.0));
        Assert.Contains("dropout_p must be in [0, 1); received 1", e.Message);
    }
}

internal static class MaskExtensions
{
    /// <summary>A 0/1 float tensor of <paramref name="like"/>'s shape from a boolean mask that broadcasts to it.</summary>
    internal static Tensor expand_as_float(this Tensor mask, Tensor like) => torch.zeros_like(like) + mask.to(ScalarType.Float32);
}
