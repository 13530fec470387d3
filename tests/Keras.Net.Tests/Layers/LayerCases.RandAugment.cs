using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // Keras 3's RandAugment (no weights; seeded so that both layouts pick the same augmentations and draw the same values).
    private static readonly IReadOnlyList<LayerCase> RandAugmentCases = new List<LayerCase>
    {
        Image("rand_augment", f => new RandAugment(new double[] { 0, 1 }, seed: 12, dataFormat: f), S(3, 6, 7), S(3, 6, 7), stochastic: true),
        Image("rand_augment_three_ops_nearest", f => new RandAugment(new double[] { -1, 1 }, numOps: 3, factor: 0.8, interpolation: "nearest", seed: 13, dataFormat: f),
            S(3, 5, 5), S(3, 5, 5), stochastic: true),
    };
}
