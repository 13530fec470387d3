using KerasNet.Layers;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// CutMix: a forced box gives hand-computed images and labels (Keras's label weight from the box's exact area);
/// random boxes paste a partner's rectangle whose area matches the labels to within a row and a column; seeding,
/// inference identity, layouts, the data-source form, bad arguments and the config.
/// </summary>
public class CutMixTests
{
    [Fact]
    public void AForcedBoxPastesThePartnersPixelsAndWeighsTheLabelsByItsArea()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.arange(40, ScalarType.Float32).reshape(2, 1, 4, 5);
        var labels = MixUpTests.OneHot(2);
        // Box x in [1, 3.5) (columns 1, 2, 3), y in [0.5, 2) (row 1) from the partner; label weight 1 − 2.5·1.5/20.
        var mixing = CutMix.Paste(new long[] { 1, 0 }, new[] { 1f, 0f }, new[] { 3.5f, 0f }, new[] { 0.5f, 0f }, new[] { 2f, 0f }, 4, 5);
        using var layer = new CutMix(dataFormat: "channels_first");
        var (mixed, mixedLabels) = layer.MixBatch(images, labels, (_, _, _) => mixing);
        var expected = images.clone();
        expected[0, 0, 1, 1..4] = images[1, 0, 1, 1..4];
        TensorAssert.Equal(expected, mixed);
        TestData.Close(TestData.Floats(new float[] { 0.8125f, 0.1875f, 0, 1 }, 2, 2), mixedLabels, "labels");
        TestData.Close(torch.ones(2), mixedLabels.sum(dim: 1), "label rows sum to 1");

        using var last = new CutMix(dataFormat: "channels_last");
        TensorAssert.Equal(expected.permute(0, 2, 3, 1), last.MixBatch(images.permute(0, 2, 3, 1), labels, (_, _, _) => mixing).Images);
    }

    [Fact]
    public void RandomBoxesAreSeededAndMatchTheLabelsToWithinARowAndAColumn()
    {
        using var scope = torch.NewDisposeScope();
        const int n = 6, height = 8, width = 10;
        // Distinct values everywhere, so each output pixel tells which image it came from.
        var images = torch.arange(n * height * width, ScalarType.Float32).reshape(n, 1, height, width);
        (Tensor, Tensor) Run(int seed) => new CutMix(seed: seed, dataFormat: "channels_first").MixBatch(images, MixUpTests.OneHot(n));
        var (mixed, labels) = Run(2);
        TensorAssert.Equal(mixed, Run(2).Item1);
        Assert.False(mixed.eq(Run(3).Item1).all().item<bool>());
        TestData.Close(torch.ones(n), labels.sum(dim: 1), "label rows sum to 1");
        var pasted = 0;
        for (var i = 0; i < n; i++)
        {
            var row = TestData.Values(labels[i]);
            var from = mixed[i].div(height * width, rounding_mode: torch.RoundingMode.floor).to(ScalarType.Int64);
            var foreign = from.ne(i);
            var count = foreign.sum().ToDouble();
            if (count > 0)
            {
                var partner = Enumerable.Range(0, n).Single(j => j != i && row[j] > 0);
                Assert.True(from.masked_select(foreign).eq(partner).all().item<bool>(), $"image {i}: pasted pixels come from one partner");
                pasted++;
            }
            Assert.True(Math.Abs(count - (1 - row[i]) * height * width) <= height + width + 1,
                $"image {i}: {count} pixels pasted for a label weight {row[i]}");
        }
        Assert.True(pasted > 0);
    }

    [Fact]
    public void AsALayerItPastesOnlyInTraining()
    {
        using var scope = torch.NewDisposeScope();
        var images = TestData.Rand(8, 4, 3, 8, 8);
        using var layer = new CutMix(factor: 1, factorLower: 1, seed: 1, dataFormat: "channels_first");
        TensorAssert.Equal(images, layer.Apply(images));
        Assert.False(images.allclose(layer.Apply(images, training: true)));
        TensorAssert.Equal(images[0], layer.Apply(images[0], training: true));
        var first = new CutMix(seed: 4, dataFormat: "channels_first").Apply(images, training: true);
        var last = new CutMix(seed: 4, dataFormat: "channels_last").Apply(images.permute(0, 2, 3, 1), training: true);
        TensorAssert.Equal(first, last.permute(0, 3, 1, 2));
    }

    [Fact]
    public void BadArgumentsAreTypedErrorsNamingTheLayer()
    {
        Assert.Contains("CutMix", Assert.Throws<ArgumentOutOfRangeException>(() => new CutMix(factor: 1.5)).Message);
        Assert.Contains("factorLower", Assert.Throws<ArgumentOutOfRangeException>(() => new CutMix(factor: 0.2, factorLower: 0.5)).Message);
        using var layer = new CutMix(dataFormat: "channels_first");
        Assert.Contains("one_hot", Assert.Throws<ArgumentException>(() => layer.MixBatch(torch.rand(2, 1, 3, 3), torch.zeros(2, 2, ScalarType.Int64))).Message);
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new CutMix(factor: 0.7, seed: 3, factorLower: 0.2, dataFormat: "channels_last", name: "cut");
        var json = TestData.Json(layer.GetConfig());
        using var copy = (CutMix)KerasRegistry.FromConfig<Layer>("CutMix", TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        Assert.Equal((0.7, 0.2, 3), (copy.Factor, copy.FactorLower, copy.Seed));
    }
}
