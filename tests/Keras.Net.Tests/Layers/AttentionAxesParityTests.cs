using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// MultiHeadAttention with attentionAxes against Keras's formula written in torch with einsums and explicit weights
/// (tests/fixtures/cases/keras_attention_axes.py): inputs of rank 3 to 5, attention over one axis, several axes, all
/// of them (the default) and axes given out of order, full and short attention masks, a causal mask along one axis,
/// a multi-dimensional output shape and self-attention. Output, scores (in Keras's layout), input gradients and weight
/// gradients are compared at the float32 parity tolerances (rtol 1e-5, atol 1e-6).
/// </summary>
public class AttentionAxesParityTests : IClassFixture<AttentionAxesParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Axes { get; } = Fixture.Load("keras_attention_axes");
        public void Dispose() => Axes.Dispose();
    }

    private readonly Fixture fx;

    public AttentionAxesParityTests(Fixtures fixtures) => fx = fixtures.Axes;

    public static IEnumerable<object?[]> Cases() => new[]
    {
        // case, heads, keyDim, valueDim, outputShape, attentionAxes, causal
        new object?[] { "rank3_default", 2L, 4L, null, null, null, false },
        new object?[] { "rank4_axes_1_2", 2L, 4L, 3L, null, new long[] { 1, 2 }, false },
        new object?[] { "rank4_default_self", 2L, 4L, null, null, null, false },
        new object?[] { "rank4_axis_2", 2L, 4L, null, new long[] { 2, 3 }, new long[] { 2 }, false },
        new object?[] { "rank4_axis_1_short_mask", 4L, 2L, null, null, new long[] { 1 }, false },
        new object?[] { "rank4_axis_2_causal", 2L, 4L, null, null, new long[] { -2 }, true },
        new object?[] { "rank5_axes_1_3", 2L, 4L, 5L, null, new long[] { 1, -2 }, false },
        new object?[] { "rank5_axes_3_1", 2L, 4L, null, null, new long[] { 3, 1 }, false },
        new object?[] { "rank5_default", 3L, 2L, null, null, null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesKerasEinsumFormula(string @case, long heads, long keyDim, long? valueDim, long[]? outputShape, long[]? axes, bool causal)
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(heads, keyDim, valueDim: valueDim, outputShape: outputShape, attentionAxes: axes);
        var self = !fx.Has($"{@case}.x.key");
        var query = fx[$"{@case}.x.query"].clone().requires_grad_();
        var (key, value) = self ? (query, query) : (fx[$"{@case}.x.key"].clone().requires_grad_(), fx[$"{@case}.x.value"].clone().requires_grad_());
        mha.BuildFor(new[] { query, value, key }.Select(t => TensorShape.WithBatch(t.shape.Skip(1).ToArray())).ToArray());
        foreach (var weight in mha.Weights) weight.Assign(fx[$"{@case}.w.{weight.Name}"]);
        var mask = fx.Has($"{@case}.m.attention") ? fx[$"{@case}.m.attention"] : null;
        // The causal case's stored mask is the causal one itself: the layer must build it from useCausalMask.
        var (output, scores) = mha.ApplyWithScores(query, value, key: self ? null : key, attentionMask: causal ? null : mask, useCausalMask: causal);

        TestData.Close(fx[$"{@case}.scores"], scores, $"{@case}: attention scores");
        TestData.Close(fx[$"{@case}.out"], output, $"{@case}: output");
        (output * fx[$"{@case}.upstream"]).sum().backward();
        TestData.Close(fx[$"{@case}.gx.query"], query.grad!, $"{@case}: gradient of the query");
        if (!self)
        {
            TestData.Close(fx[$"{@case}.gx.key"], key.grad!, $"{@case}: gradient of the key");
            TestData.Close(fx[$"{@case}.gx.value"], value.grad!, $"{@case}: gradient of the value");
        }
        Assert.Equal(8, mha.Weights.Count);
        foreach (var weight in mha.Weights)
            TestData.Close(fx[$"{@case}.gw.{weight.Name}"], weight.Value.grad!, $"{@case}: gradient of {weight.Name}");
    }
}
