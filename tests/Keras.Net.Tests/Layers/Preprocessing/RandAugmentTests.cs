using KerasNet.Layers;
using static KerasNet.Tests.Layers.Preprocessing.ColorAugmentationChecks;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>RandAugment: seeded, the identity at inference, composed of its candidate augmentations, within the value range, with bad arguments and through its config.</summary>
public class RandAugmentTests
{
    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        SeededAndIdentityAtInference(seed => new RandAugment(seed: seed, dataFormat: "channels_first"), TestData.Rand(30, 4, 3, 8, 8) * 255);
        SeededAndIdentityAtInference(seed => new RandAugment(numOps: 3, factor: 0.9, seed: seed, dataFormat: "channels_last"), TestData.Rand(31, 2, 6, 5, 3) * 255);
        using var none = new RandAugment(numOps: 0, seed: 1, dataFormat: "channels_first");
        var x = TestData.Rand(32, 2, 3, 4, 4) * 255;
        Assert.True(x.equal(none.Apply(x, training: true)).all().item<bool>(), "numOps 0 changed the images");
    }

    [Fact]
    public void OneOpIsOneOfTheCandidatesAppliedAlone()
    {
        using var scope = torch.NewDisposeScope();
        var x = (TestData.Rand(33, 3, 3, 9, 8) * 255).round();
        var picked = new HashSet<int>();
        for (var seed = 0; seed < 12; seed++)
        {
            using var layer = new RandAugment(numOps: 1, factor: 0.7, seed: seed, dataFormat: "channels_first");
            var y = layer.Apply(x, training: true);
            // A second layer with the same seed: its candidates' generators are as fresh as the first layer's were.
            using var twin = new RandAugment(numOps: 1, factor: 0.7, seed: seed, dataFormat: "channels_first");
            var hits = Enumerable.Range(0, twin.Augmentations.Count)
                .Where(i => (twin.Augmentations[i].Apply(x, training: true) - y).abs().max().ToDouble() <= 1e-3).ToList();
            Assert.True(hits.Count > 0, $"seed {seed}: the output is none of the eleven augmentations applied alone");
            picked.UnionWith(hits);
        }
        Assert.True(picked.Count >= 4, $"twelve seeds picked only {picked.Count} distinct augmentations");
    }

    [Fact]
    public void OutputStaysWithinTheValueRange()
    {
        using var scope = torch.NewDisposeScope();
        var range = new double[] { -2, 3 };
        var x = TestData.Rand(34, 4, 3, 7, 7) * 5 - 2;
        using var layer = new RandAugment(range, numOps: 4, factor: 1.0, seed: 9, dataFormat: "channels_first");
        for (var call = 0; call < 8; call++)
        {
            var y = layer.Apply(x, training: true);
            Assert.True(y.min().ToDouble() >= range[0] - 1e-4 && y.max().ToDouble() <= range[1] + 1e-4,
                $"call {call}: output spans [{y.min().ToDouble()}, {y.max().ToDouble()}], outside [-2, 3]");
        }
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        Rejects<ArgumentOutOfRangeException>(() => new RandAugment(numOps: -1), "numOps", "RandAugment: numOps");
        Rejects<ArgumentOutOfRangeException>(() => new RandAugment(factor: 1.5), "factor", "RandAugment: factor must be in [0, 1]");
        Rejects<ArgumentOutOfRangeException>(() => new RandAugment(factor: -0.1), "factor", "RandAugment: factor");
        Rejects<ArgumentException>(() => new RandAugment(new double[] { 255, 0 }), "valueRange", "RandAugment: valueRange");
        Rejects<ArgumentException>(() => new RandAugment(interpolation: "bicubic"), "interpolation", "RandAugment: interpolation");
        using var layer = new RandAugment(dataFormat: "channels_first");
        Assert.Contains("3 channels", Assert.ThrowsAny<ArgumentException>(() => layer.Apply(torch.zeros(2, 1, 4, 4), training: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new RandAugment(new double[] { 0, 1 }, numOps: 3, factor: 0.25, interpolation: "nearest", seed: 4, dataFormat: "channels_last");
        using var copy = (RandAugment)RoundTrip(layer, "value_range", "num_ops", "factor", "interpolation", "seed", "data_format");
        Assert.Equal((3, 0.25, "nearest", 4), (copy.NumOps, copy.Factor, copy.Interpolation, copy.Seed));
        Assert.Equal(new double[] { 0, 1 }, copy.ValueRange);
    }
}
