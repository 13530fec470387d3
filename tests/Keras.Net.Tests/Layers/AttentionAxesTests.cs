using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Serialization;
using KerasNet.Tests.Callbacks;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// What MultiHeadAttention's attentionAxes promise beyond parity with Keras's formula: attention over every axis is
/// attention over the flattened positions, one axis treats the others as batch axes, negative axes count from the
/// input's end, causal masks run along one axis, padding masks of higher-rank inputs hold per position, graph calls
/// and configs carry the axes, and bad axes, shapes and masks raise argument errors that say what was expected.
/// </summary>
public class AttentionAxesTests
{
    /// <summary>A rank-3 layer with <paramref name="mha"/>'s weights, to compare the higher-rank computation against.</summary>
    private static MultiHeadAttention SequenceTwin(MultiHeadAttention mha, long features)
    {
        var twin = new MultiHeadAttention(mha.NumHeads, mha.KeyDim, valueDim: mha.ValueDim);
        twin.BuildFor(new[] { TensorShape.WithBatch(1, features), TensorShape.WithBatch(1, features) });
        WeightTools.Copy(mha, twin);
        return twin;
    }

    [Fact]
    public void DefaultAxesOfARank4InputAttendOverAllPositionsAsOneSequence()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4, biasInitializer: "random_normal");
        var (query, value) = (TestData.Randn(1, 2, 3, 4, 8), TestData.Randn(2, 2, 2, 5, 8));
        var (output, scores) = mha.ApplyWithScores(query, value);
        Assert.Equal(new[] { 1, 2 }, mha.ResolvedAttentionAxes);
        Assert.Equal(new long[] { 2, 3, 4, 8 }, output.shape);
        Assert.Equal(new long[] { 2, 2, 3, 4, 2, 5 }, scores.shape);
        using var twin = SequenceTwin(mha, 8);
        var (flatOutput, flatScores) = twin.ApplyWithScores(query.reshape(2, 12, 8), value.reshape(2, 10, 8));
        TestData.Close(flatOutput.view(2, 3, 4, 8), output, "output against the flattened sequence");
        TestData.Close(flatScores.view(2, 2, 3, 4, 2, 5), scores, "scores against the flattened sequence");
    }

    [Fact]
    public void OneAttentionAxisTreatsTheOtherAxesAsBatchAxes()
    {
        using var scope = torch.NewDisposeScope();
        var (query, value) = (TestData.Randn(3, 2, 3, 4, 8), TestData.Randn(4, 2, 3, 5, 8));
        using var last = new MultiHeadAttention(2, 4, attentionAxes: new long[] { 2 }, biasInitializer: "random_normal");
        var (output, scores) = last.ApplyWithScores(query, value);
        Assert.Equal(new long[] { 2, 3, 2, 4, 5 }, scores.shape);
        using var twin = SequenceTwin(last, 8);
        var (foldedOutput, foldedScores) = twin.ApplyWithScores(query.reshape(6, 4, 8), value.reshape(6, 5, 8));
        TestData.Close(foldedOutput.view(2, 3, 4, 8), output, "axis 2: output against axis 1 folded into the batch");
        TestData.Close(foldedScores.view(2, 3, 2, 4, 5), scores, "axis 2: scores against axis 1 folded into the batch");

        // Axis 1 of (2, 3, 4, 8) with a value (2, 5, 4, 8): axis 2 is the shared one. -3 names axis 1 of a rank-4 input.
        using var first = new MultiHeadAttention(2, 4, attentionAxes: new long[] { -3 }, biasInitializer: "random_normal");
        var value1 = TestData.Randn(5, 2, 5, 4, 8);
        var (output1, scores1) = first.ApplyWithScores(query, value1);
        Assert.Equal(new[] { 1 }, first.ResolvedAttentionAxes);
        Assert.Equal(new long[] { 2, 4, 2, 3, 5 }, scores1.shape);
        using var twin1 = SequenceTwin(first, 8);
        var (folded1, foldedScores1) = twin1.ApplyWithScores(query.transpose(1, 2).reshape(8, 3, 8), value1.transpose(1, 2).reshape(8, 5, 8));
        TestData.Close(folded1.view(2, 4, 3, 8).transpose(1, 2), output1, "axis 1: output against axis 2 folded into the batch");
        TestData.Close(foldedScores1.view(2, 4, 2, 3, 5), scores1, "axis 1: scores against axis 2 folded into the batch");
    }

    [Fact]
    public void CausalMaskRunsAlongTheOneAttentionAxisAndIsRefusedForSeveral()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4, attentionAxes: new long[] { 2 });
        var x = TestData.Randn(6, 2, 3, 5, 8);
        var output = mha.Apply(x, x, useCausalMask: true);
        for (var t = 0L; t < 4; t++)
        {
            var noise = TestData.Randn(7 + (int)t, 2, 3, 5 - t - 1, 8);
            var later = torch.cat(new[] { x.narrow(2, 0, t + 1), noise }, 2);
            TestData.Close(output.narrow(2, 0, t + 1), mha.Apply(later, later, useCausalMask: true).narrow(2, 0, t + 1), $"positions 0..{t} along axis 2");
        }
        var changed = torch.cat(new[] { x.narrow(2, 0, 4), TestData.Randn(20, 2, 3, 1, 8) }, 2);
        Assert.True((mha.Apply(x, x).narrow(2, 0, 1) - mha.Apply(changed, changed).narrow(2, 0, 1)).abs().max().item<float>() > 1e-4,
            "without the causal mask the first position sees the last");

        using var both = new MultiHeadAttention(2, 4, name: "mha_causal_axes");
        var error = Assert.Throws<NotSupportedException>(() => both.Apply(x, x, useCausalMask: true));
        LayerBadInputTests.AssertMentions(error.Message, "mha_causal_axes", "useCausalMask needs a single attention axis", "axes [1, 2]",
            "(batch, d1, d2, features)", "attentionMask");
    }

    [Fact]
    public void PaddingMasksOfHigherRankInputsKeepScoresWhereBothPositionsAreReal()
    {
        using var scope = torch.NewDisposeScope();
        var tokens = TestData.Longs(3, 5, 0, 7, 2, 0, 4, 1, 6, 0, 0, 9).reshape(1, 3, 4);
        var keep = tokens.ne(0);

        // The value's mask, carried by its tensor (Embedding with maskZero), as an explicit mask without the heads axis.
        var embedding = new Embedding(10, 8, maskZero: true);
        using var mha = new MultiHeadAttention(2, 4, biasInitializer: "random_normal");
        var query = TestData.Randn(32, 1, 2, 2, 8);
        var padded = embedding.Apply(tokens);
        Assert.NotNull(Layer.GetMask(padded));
        var plain = padded.detach().clone();
        var (carried, carriedScores) = mha.ApplyWithScores(query, padded);
        var explicitMask = keep.view(1, 1, 1, 3, 4);
        TestData.Close(mha.Apply(query, plain, attentionMask: explicitMask), carried, "value mask against the explicit mask");
        Assert.Equal(0.0, carriedScores.masked_select(keep.logical_not().view(1, 1, 1, 1, 3, 4).expand(1, 2, 2, 2, 3, 4)).abs().max().item<float>());
        Assert.True((mha.Apply(query, plain) - carried).abs().max().item<float>() > 1e-4, "the mask changes the output");

        // Self-attention in a graph: the query's mask arrives with the input, and a score needs both positions real.
        var input = Keras.Input(new long[] { 3, 4 }, ScalarType.Int64);
        using var self = new MultiHeadAttention(2, 4, biasInitializer: "random_normal");
        var embedded = embedding.Apply(input);
        using var model = new Model(input, self.Apply(embedded, embedded));
        var graph = model.Predict(tokens, verbose: Verbosity.Silent);
        var both = keep.view(1, 3, 4, 1, 1).logical_and(keep.view(1, 1, 1, 3, 4));
        TestData.Close(self.Apply(plain, plain, attentionMask: both), graph, "query and value masks against the explicit mask");
    }

    [Fact]
    public void FunctionalCallsAndConfigsCarryTheAxes()
    {
        using var scope = torch.NewDisposeScope();
        var query = Keras.Input(2, 3, 4, 8);
        var value = Keras.Input(5, 3, 2, 8);
        var mha = new MultiHeadAttention(2, 4, valueDim: 3, outputShape: new long[] { 2, 3 }, attentionAxes: new long[] { 3, 1 });
        var (output, scores) = mha.ApplyWithScores(query, value);
        Assert.Equal(TensorShape.WithBatch(2, 3, 4, 2, 3), output.Shape);
        Assert.Equal(TensorShape.WithBatch(3, 2, 4, 2, 2, 5), scores.Shape);
        using var model = new Model(new[] { query, value }, new[] { output, scores });
        var (xq, xv) = (TestData.Randn(8, 2, 2, 3, 4, 8), TestData.Randn(9, 2, 5, 3, 2, 8));
        var results = model.PredictMulti(new[] { xq, xv }, verbose: Verbosity.Silent);
        Assert.Equal(new long[] { 2, 2, 3, 4, 2, 3 }, results[0].shape);
        Assert.Equal(new long[] { 2, 3, 2, 4, 2, 2, 5 }, results[1].shape);

        var json = TestData.Json(mha.GetConfig());
        Assert.Contains("\"attention_axes\":[3,1]", json, StringComparison.Ordinal);
        using var copy = KerasRegistry.FromConfig<MultiHeadAttention>("MultiHeadAttention", TestData.ParseJson(json));
        Assert.Equal(new long[] { 3, 1 }, copy.AttentionAxes);
        Assert.Equal(json.Replace(mha.Name, copy.Name, StringComparison.Ordinal), TestData.Json(copy.GetConfig()));
        copy.BuildFor(new[] { TensorShape.WithBatch(2, 3, 4, 8), TensorShape.WithBatch(5, 3, 2, 8) });
        WeightTools.Copy(mha, copy);
        var (copyOutput, copyScores) = copy.ApplyWithScores(xq, xv);
        TestData.Close(results[0], copyOutput, "output of the layer rebuilt from its config");
        TestData.Close(results[1], copyScores, "scores of the layer rebuilt from its config");
    }

    [Fact]
    public void AModelWithAttentionOverImageAxesSavesAndLoadsWithIdenticalPredictions()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var input = Keras.Input(4, 5, 6);
        var mask = Keras.Input(new long[] { 4, 5, 4, 5 }, ScalarType.Bool);
        var spatial = new MultiHeadAttention(2, 3, name: "spatial_attention").Apply(input, input, attentionMask: mask);
        var rows = new MultiHeadAttention(3, 2, attentionAxes: new long[] { -2 }, outputShape: new long[] { 2, 2 }, name: "row_attention").Apply(spatial, spatial);
        using var model = new Model(new[] { input, mask }, new[] { rows });
        var x = new[] { TestData.Randn(40, 2, 4, 5, 6), TestData.Rand(41, 2, 4, 5, 4, 5).gt(0.2) };
        var path = folder.File("axes.keras");
        model.Save(path);
        using var loaded = Model.Load(path);
        var attention = loaded.Layers.OfType<MultiHeadAttention>().ToArray();
        Assert.Equal(new long[] { -2 }, attention.Single(l => l.Name == "row_attention").AttentionAxes);
        Assert.Null(attention.Single(l => l.Name == "spatial_attention").AttentionAxes);
        Assert.Equal(model.Weights.Select(w => w.Path), loaded.Weights.Select(w => w.Path));
        var expected = model.PredictMulti(x, verbose: Verbosity.Silent)[0];
        Assert.Equal(new long[] { 2, 4, 5, 2, 2 }, expected.shape);
        Assert.Equal(expected.data<float>().ToArray(), loaded.PredictMulti(x, verbose: Verbosity.Silent)[0].data<float>().ToArray());
    }

    [Fact]
    public void BadAxesRaiseArgumentErrorsThatSayWhatWasExpected()
    {
        var batch = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 4, attentionAxes: new long[] { 0, 1 }));
        LayerBadInputTests.AssertMentions(batch.Message, "attentionAxes [0, 1] includes the batch axis 0", "1 .. rank - 2");
        Assert.Equal("attentionAxes", batch.ParamName);
        var features = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 4, attentionAxes: new long[] { -1 }));
        LayerBadInputTests.AssertMentions(features.Message, "attentionAxes [-1] includes the features axis -1", "e.g. [1] or [-2]");
        var empty = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 4, attentionAxes: Array.Empty<long>()));
        LayerBadInputTests.AssertMentions(empty.Message, "attentionAxes must name at least one axis", "received [].");
        var twice = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 4, attentionAxes: new long[] { 2, 2 }));
        LayerBadInputTests.AssertMentions(twice.Message, "attentionAxes [2, 2] names an axis twice");

        using var scope = torch.NewDisposeScope();
        var x4 = TestData.Randn(1, 2, 3, 4, 8);
        using var featureAxis = new MultiHeadAttention(2, 4, attentionAxes: new long[] { 3 }, name: "mha_axis3");
        var error = Assert.Throws<ArgumentException>(() => featureAxis.Apply(x4, x4));
        LayerBadInputTests.AssertMentions(error.Message, "mha_axis3", "attentionAxes [3] does not fit inputs of rank 4 (batch, d1, d2, features)",
            "axis 3 is the features axis", "1 .. 2, or -3 .. -2 counted from the end");
        Assert.False(featureAxis.Built);
        Assert.Empty(featureAxis.Weights);
        // Nothing was half-built: the same layer fits a rank-5 input, where axis 3 is d3.
        Assert.Equal(new long[] { 2, 3, 4, 5, 8 }, featureAxis.Apply(TestData.Randn(2, 2, 3, 4, 5, 8), TestData.Randn(3, 2, 3, 4, 6, 8)).shape);

        using var range = new MultiHeadAttention(2, 4, attentionAxes: new long[] { 1, 7 }, name: "mha_axis7");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => range.Apply(x4, x4)).Message, "attentionAxes [1, 7]", "axis 7 is out of range");
        using var negative = new MultiHeadAttention(2, 4, attentionAxes: new long[] { -4 }, name: "mha_axis_m4");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => negative.Apply(x4, x4)).Message, "axis -4 is the batch axis");
        using var same = new MultiHeadAttention(2, 4, attentionAxes: new long[] { 2, -2 }, name: "mha_same");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => same.Apply(x4, x4)).Message,
            "attentionAxes [2, -2] names an axis twice for inputs of rank 4 (as [2, 2])");
    }

    [Fact]
    public void BadShapesAndMasksOfHigherRankInputsRaiseArgumentErrors()
    {
        using var scope = torch.NewDisposeScope();
        var (query, value) = (TestData.Randn(1, 2, 3, 4, 8), TestData.Randn(2, 2, 3, 5, 8));
        using var mha = new MultiHeadAttention(2, 4, attentionAxes: new long[] { 2 }, name: "mha_bad4");
        var ranks = Assert.Throws<ArgumentException>(() => mha.Apply(query, TestData.Randn(3, 2, 5, 8)));
        LayerBadInputTests.AssertMentions(ranks.Message, "mha_bad4", "query, value and key must have the same rank", "query (None, 3, 4, 8)", "value (None, 5, 8)");
        Assert.False(mha.Built);
        mha.Apply(query, value);

        var other = Assert.Throws<ArgumentException>(() => mha.Apply(query, TestData.Randn(4, 2, 2, 5, 8)));
        LayerBadInputTests.AssertMentions(other.Message, "mha_bad4", "same sizes on the axes attention does not run over ([1]; attention axes [2])",
            "query (2, 3, 4, 8)", "value (2, 2, 5, 8)");
        var keyValue = Assert.Throws<ArgumentException>(() => mha.Apply(query, value, key: TestData.Randn(5, 2, 3, 6, 8)));
        LayerBadInputTests.AssertMentions(keyValue.Message, "key and value must have the same sizes on every axis but the batch and features (axes 1 .. 2)",
            "key (2, 3, 6, 8)");
        var rank = Assert.Throws<ArgumentException>(() => mha.Apply(TestData.Randn(6, 2, 4, 8), TestData.Randn(7, 2, 5, 8)));
        LayerBadInputTests.AssertMentions(rank.Message, "mha_bad4", "rank 4 (batch, d1, d2, features), the rank it was built for", "query (2, 4, 8)");
        var mask = Assert.Throws<ArgumentException>(() => mha.Apply(query, value, attentionMask: torch.ones(new[] { 2L, 4L, 4L }, ScalarType.Bool)));
        LayerBadInputTests.AssertMentions(mask.Message, "mha_bad4",
            "attentionMask must be a boolean mask of shape (batch, non-attention axes..., query attention axes..., key attention axes...) = (2, 3, 4, 5)",
            "without the non-attention axes (2, 4, 5)", "received shape (2, 4, 4)");
        Assert.Equal("attentionMask", mask.ParamName);

        // Both mask forms broadcast sizes of 1; the short one holds for every non-attention position.
        var allowed = TestData.Rand(8, 2, 4, 5).gt(0.3).logical_or(torch.arange(0, 5, ScalarType.Int64).eq(0).view(1, 1, 5));
        TestData.Close(mha.Apply(query, value, attentionMask: allowed.unsqueeze(1).expand(2, 3, 4, 5)),
                       mha.Apply(query, value, attentionMask: allowed), "short mask against the full one");
    }
}
