using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// GroupQueryAttention against Keras 3's math in float64 torch ops (tests/fixtures/cases/keras_catalogue_gqa.py):
/// outputs, attention scores and the gradients of the inputs and of every weight, with float32 parity tolerances
/// (rtol 1e-5, atol 1e-6); then its call forms, masks and argument errors.
/// </summary>
public class GroupQueryAttentionTests : IClassFixture<GroupQueryAttentionTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Gqa { get; } = Fixture.Load("keras_catalogue_gqa");
        public void Dispose() => Gqa.Dispose();
    }

    private readonly Fixture fx;

    public GroupQueryAttentionTests(Fixtures fixtures) => fx = fixtures.Gqa;

    private static string SubPath(Layer layer, Variable weight) => weight.Path[(layer.Name.Length + 1)..];

    [Theory]
    [InlineData("gqa_cross_key_attention_mask", 4, 2, 3, true, false, false, null)]
    [InlineData("gqa_multi_query_causal_no_bias", 4, 1, 2, false, false, true, null)]
    [InlineData("gqa_gate_window_causal_padding", 2, 2, 3, true, true, true, 2L)]
    [InlineData("gqa_cross_value_padding", 6, 3, 2, true, false, false, null)]
    public void MatchesKerasMathOutputsScoresAndGradients(string @case, long headsQ, long headsKv, long headDim, bool useBias, bool useGate,
                                                          bool causal, long? window)
    {
        using var scope = torch.NewDisposeScope();
        var query = fx[$"{@case}.x.query"].clone().requires_grad_();
        var value = fx.Has($"{@case}.x.value") ? fx[$"{@case}.x.value"].clone().requires_grad_() : query;
        var key = fx.Has($"{@case}.x.key") ? fx[$"{@case}.x.key"].clone().requires_grad_() : null;
        using var gqa = new GroupQueryAttention(headDim, headsQ, headsKv, useBias: useBias, useGate: useGate, slidingWindow: window);
        gqa.BuildFor(new[] { query, value, key ?? value }.Select(t => TensorShape.WithBatch(t.shape.Skip(1).ToArray())).ToArray());
        Assert.Equal(fx.Has($"{@case}.w.query/bias") ? 10 - (useGate ? 0 : 2) : 5 - (useGate ? 0 : 1), gqa.Weights.Count);
        foreach (var weight in gqa.Weights) weight.Assign(fx[$"{@case}.w.{SubPath(gqa, weight)}"]);
        Tensor? M(string name) => fx.Has($"{@case}.m.{name}") ? fx[$"{@case}.m.{name}"] : null;

        var (output, scores) = gqa.ApplyWithScores(query, value, key, attentionMask: M("attention"), useCausalMask: causal,
                                                   queryMask: M("query"), valueMask: M("value"));
        TestData.Close(fx[$"{@case}.scores"], scores, $"{@case}: attention scores");
        TestData.Close(fx[$"{@case}.out"], output, $"{@case}: output");
        // The path without scores (libtorch's fused kernel when no mask applies) gives the same output.
        TestData.Close(output, gqa.Apply(query, value, key, attentionMask: M("attention"), useCausalMask: causal, queryMask: M("query"), valueMask: M("value")),
                       $"{@case}: output without scores");

        (output * fx[$"{@case}.upstream"]).sum().backward();
        TestData.Close(fx[$"{@case}.gx.query"], query.grad!, $"{@case}: gradient of the query");
        if (!ReferenceEquals(value, query)) TestData.Close(fx[$"{@case}.gx.value"], value.grad!, $"{@case}: gradient of the value");
        if (key is not null) TestData.Close(fx[$"{@case}.gx.key"], key.grad!, $"{@case}: gradient of the key");
        foreach (var weight in gqa.Weights)
            TestData.Close(fx[$"{@case}.gw.{SubPath(gqa, weight)}"], weight.Value.grad!, $"{@case}: gradient of {weight.Path}");
    }

    [Fact]
    public void AQueryWithNothingToAttendToGetsZeroWeightsAsKeras3()
    {
        using var scope = torch.NewDisposeScope();
        using var gqa = new GroupQueryAttention(2, 2, 1);
        var x = TestData.Randn(3, 1, 3, 4);
        var mask = torch.ones(1, 3, 3, ScalarType.Bool);
        mask[0, 1] = torch.zeros(3, ScalarType.Bool);
        var (_, scores) = gqa.ApplyWithScores(x, x, attentionMask: mask);
        Assert.Equal(0.0, scores[0, .., 1].abs().sum().ToDouble());
        TestData.Close(torch.ones(1, 2, 2, dtype: ScalarType.Float32), scores.index_select(2, torch.tensor(new long[] { 0, 2 })).sum(-1), "rows that attend sum to 1");
    }

    [Fact]
    public void MultiQueryAndMultiHeadAreTheTwoEndsOfTheGrouping()
    {
        using var scope = torch.NewDisposeScope();
        // With as many key/value heads as query heads, GQA is multi-head attention with the same weights.
        using var gqa = new GroupQueryAttention(3, 2, 2);
        using var mha = new MultiHeadAttention(2, 3);
        var q = TestData.Randn(4, 2, 5, 6);
        var v = TestData.Randn(5, 2, 4, 6);
        var expected = mha.Apply(q, v, useCausalMask: false);
        gqa.Apply(q, v);
        foreach (var name in new[] { "query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias" })
            gqa.Weights.Single(w => SubPath(gqa, w) == name).Assign(mha.Weights.Single(w => SubPath(mha, w) == name).Value);
        TestData.Close(expected, gqa.Apply(q, v), "GQA with numKeyValueHeads = numQueryHeads against MultiHeadAttention");
    }

    [Fact]
    public void FunctionalGraphReturnsOutputAndScoresWithKerasShapes()
    {
        var query = Keras.Input(5, 8);
        var value = Keras.Input(7, 8);
        using var gqa = new GroupQueryAttention(4, 4, 2);
        var (output, scores) = gqa.ApplyWithScores(query, value, useCausalMask: false);
        Assert.Equal(TensorShape.WithBatch(5, 8), output.Shape);
        Assert.Equal(TensorShape.WithBatch(4, 5, 7), scores.Shape);
        var error = Assert.Throws<InvalidOperationException>(() => gqa.Apply(query, value, useCausalMask: true));
        Assert.Contains("second GroupQueryAttention layer", error.Message);
    }

    [Fact]
    public void ArgumentsAreValidatedWithClearMessages()
    {
        var heads = Assert.Throws<ArgumentException>(() => new GroupQueryAttention(4, 6, 4));
        Assert.Contains("numQueryHeads must be a multiple of numKeyValueHeads", heads.Message);
        Assert.Contains("received numQueryHeads 6 and numKeyValueHeads 4", heads.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupQueryAttention(0, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupQueryAttention(4, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupQueryAttention(4, 2, 1, dropout: 1.0));
        var window = Assert.Throws<ArgumentOutOfRangeException>(() => new GroupQueryAttention(4, 2, 1, slidingWindow: 0));
        Assert.Contains("slidingWindow", window.Message);
    }

    [Fact]
    public void BadInputsNameTheLayerAndTheShapes()
    {
        using var scope = torch.NewDisposeScope();
        using var gqa = new GroupQueryAttention(2, 2, 1, name: "gqa_bad");
        var rank2 = Assert.Throws<ArgumentException>(() => gqa.Apply(TestData.Randn(1, 2, 4), TestData.Randn(2, 2, 4)));
        Assert.Contains("gqa_bad", rank2.Message);
        Assert.Contains("rank 3", rank2.Message);
        gqa.Apply(TestData.Randn(1, 2, 3, 4), TestData.Randn(2, 2, 5, 4));
        var lengths = Assert.Throws<ArgumentException>(() => gqa.Apply(TestData.Randn(1, 2, 3, 4), TestData.Randn(2, 2, 5, 4), key: TestData.Randn(3, 2, 6, 4)));
        Assert.Contains("same sequence length", lengths.Message);
        var mask = Assert.Throws<ArgumentException>(() => gqa.Apply(TestData.Randn(1, 2, 3, 4), TestData.Randn(2, 2, 5, 4), attentionMask: torch.ones(2, 5, 3, ScalarType.Bool)));
        Assert.Contains("(batch, queries, keys) = (2, 3, 5)", mask.Message);
        var padding = Assert.Throws<ArgumentException>(() => gqa.Apply(TestData.Randn(1, 2, 3, 4), TestData.Randn(2, 2, 5, 4), valueMask: torch.ones(2, 3, ScalarType.Bool)));
        Assert.Contains("valueMask", padding.Message);
    }

    [Fact]
    public void ConfigsCarryKerasClassNameAndTheApiNameStillLoads()
    {
        using var scope = torch.NewDisposeScope();
        var input = Keras.Input(5, 8);
        using var model = new KerasNet.Models.Model(input, new GroupQueryAttention(4, 4, 2, name: "gqa").Apply(input, input));
        var json = model.ToJson();
        Assert.Contains("\"class_name\":\"GroupedQueryAttention\"", json.Replace(" ", ""));
        foreach (var written in new[] { json, json.Replace("\"GroupedQueryAttention\"", "\"GroupQueryAttention\"") })
        {
            using var loaded = Keras.ModelFromJson(written);
            Assert.IsType<GroupQueryAttention>(loaded.GetLayer("gqa"));
        }
    }
}
