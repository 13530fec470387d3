using F = TorchSharp.torch.nn.functional;
using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.BackendTests;

/// <summary>
/// Scaled dot-product attention against PyTorch's documented math (fixtures from tests/fixtures/cases/attention.py,
/// written with PyTorch 1.13.1), on both paths MultiHeadAttention takes: TorchSharp's
/// <c>F.scaled_dot_product_attention</c> (libtorch's kernels; no weights) and
/// <see cref="ScaledDotProductAttention.WithWeights"/> (composed ops; also the weights). Outputs and gradients with
/// no mask, boolean and additive masks, causal masking, a custom scale and seeded dropout; then the weights, and the
/// layer's checks of bad input. Tolerances: the float32 parity ones (rtol 1e-5, atol 1e-6).
/// </summary>
[Collection(GlobalSeedCollection.Name)]
public sealed class AttentionKernelTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("attention");

    public void Dispose() => fx.Dispose();

    /// <summary>The kernel under test: query, key, value, mask (or null), dropout probability, causal.</summary>
    private delegate Tensor Attend(Tensor query, Tensor key, Tensor value, Tensor? mask, double dropout, bool causal);

    public static TheoryData<string> Paths => new() { "libtorch", "with weights" };

    private static Attend PathOf(string path) => path == "libtorch"
        ? (q, k, v, mask, dropout, causal) => F.scaled_dot_product_attention(q, k, v, mask, dropout, causal)
        : (q, k, v, mask, dropout, causal) => ScaledDotProductAttention.WithWeights(q, k, v, mask, dropout, causal).Output;

    /// <summary>
    /// Calls <paramref name="op"/> on the case's query, key and value, compares the output, then backpropagates the
    /// stored upstream gradient and compares the gradient of each input.
    /// </summary>
    private void Check(string @case, Func<Tensor, Tensor, Tensor, Tensor> op)
    {
        using var scope = torch.NewDisposeScope();
        var inputs = Enumerable.Range(0, 3).Select(i => fx.Input(@case, i, requiresGrad: true)).ToArray();
        var output = op(inputs[0], inputs[1], inputs[2]);
        TensorAssert.Close(fx[$"{@case}.out"], output, what: $"{@case} output");
        output.backward(new[] { fx[$"{@case}.upstream"] });
        for (var i = 0; i < 3; i++)
        {
            var grad = inputs[i].grad ?? throw new Xunit.Sdk.XunitException($"{@case}: input {i} received no gradient");
            TensorAssert.Close(fx[$"{@case}.grad{i}"], grad, what: $"{@case} gradient of input {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Plain(string path) => Check("plain", (q, k, v) => PathOf(path)(q, k, v, null, 0, false));

    [Theory]
    [MemberData(nameof(Paths))]
    public void BooleanMask(string path) => Check("bool_mask", (q, k, v) => PathOf(path)(q, k, v, fx["bool_mask.in3"], 0, false));

    [Theory]
    [MemberData(nameof(Paths))]
    public void AdditiveMask(string path) => Check("float_mask", (q, k, v) => PathOf(path)(q, k, v, fx["float_mask.in3"], 0, false));

    [Theory]
    [MemberData(nameof(Paths))]
    public void Causal(string path) => Check("causal", (q, k, v) => PathOf(path)(q, k, v, null, 0, true));

    [Theory]
    [MemberData(nameof(Paths))]
    public void CausalWithMoreKeysThanQueries(string path) => Check("causal_rectangular", (q, k, v) => PathOf(path)(q, k, v, null, 0, true));

    [Theory]
    [MemberData(nameof(Paths))]
    public void CustomScale(string path) =>
        // Neither kernel takes a scale: the caller folds it into the query (scores = (q · 0.3 √E) kᵀ / √E).
        Check("scale", (q, k, v) => PathOf(path)(q * (0.3 * Math.Sqrt(q.size(-1))), k, v, null, 0, false));

    [Theory]
    [MemberData(nameof(Paths))]
    public void DropoutFollowsTheSeed(string path) => Check("dropout", (q, k, v) =>
    {
        torch.manual_seed(11); // as the fixture did just before its call
        return PathOf(path)(q, k, v, null, 0.3, false);
    });

    [Fact]
    public void WeightsWithBooleanMask()
    {
        using var scope = torch.NewDisposeScope();
        var mask = fx["bool_mask.in3"];
        var (output, weights) = ScaledDotProductAttention.WithWeights(
            fx.Input("bool_mask", 0), fx.Input("bool_mask", 1), fx.Input("bool_mask", 2), mask, 0, false);
        TensorAssert.Close(fx["bool_mask.out"], output);
        TensorAssert.Close(fx["bool_mask.weights"], weights);
        // Masked-out keys get exactly zero weight.
        var blocked = torch.zeros_like(weights) + mask.logical_not().to(ScalarType.Float32);
        Assert.Equal(0.0, (weights * blocked).abs().sum().ToDouble());
    }

    [Fact]
    public void CausalWeightsAreLowerTriangularRowsSummingToOne()
    {
        using var scope = torch.NewDisposeScope();
        var (_, weights) = ScaledDotProductAttention.WithWeights(
            fx.Input("causal", 0), fx.Input("causal", 1), fx.Input("causal", 2), null, 0, true);
        TensorAssert.Close(fx["causal.weights"], weights);
        var w = weights.contiguous().data<float>().ToArray();
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

    // ---- bad input: MultiHeadAttention checks it before either kernel runs ----

    [Fact]
    public void KeyAndValueLengthsMustMatch()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4, name: "mha");
        var e = Assert.Throws<ArgumentException>(() => mha.Apply(torch.randn(2, 4, 3), torch.randn(2, 6, 3), key: torch.randn(2, 5, 3)));
        Assert.Equal("MultiHeadAttention 'mha': key and value must have the same sequence length (axis 1); received key (2, 5, 3) and value (2, 6, 3).", e.Message);
    }

    [Fact]
    public void MaskThatDoesNotBroadcast()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4, name: "mha");
        var q = torch.randn(2, 4, 3);
        var e = Assert.Throws<ArgumentException>(() => mha.Apply(q, q, attentionMask: torch.ones(new long[] { 3, 3 }, ScalarType.Bool)));
        Assert.Equal("attentionMask", e.ParamName);
        Assert.StartsWith("MultiHeadAttention 'mha': attentionMask must be a boolean mask of shape (batch, queries, keys) = (2, 4, 4)", e.Message);
        Assert.Contains("received shape (3, 3)", e.Message);
    }

    [Fact]
    public void DropoutProbabilityOutOfRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(2, 4, dropout: 1.0));
        Assert.Equal("dropout", e.ParamName);
        Assert.Contains("MultiHeadAttention: dropout must be in [0, 1); received 1", e.Message);
    }
}
