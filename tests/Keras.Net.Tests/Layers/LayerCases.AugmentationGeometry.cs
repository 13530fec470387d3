using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // The geometric and batch-mixing augmentation layers of Keras 3 (no weights; seeded so that both layouts draw the
    // same values).
    private static readonly IReadOnlyList<LayerCase> AugmentationGeometryCases = new List<LayerCase>
    {
        Image("random_shear", f => new RandomShear(xFactor: 0.3, yFactor: 0.2, seed: 4, dataFormat: f), S(3, 6, 8), S(3, 6, 8), stochastic: true),
        Image("random_shear_constant_nearest", f => new RandomShear(xFactor: 0.5, xFactorLower: 0.1, fillMode: "constant", fillValue: 0.5,
            interpolation: "nearest", seed: 5, dataFormat: f), S(3, 6, 8), S(3, 6, 8), stochastic: true),
        Image("random_perspective", f => new RandomPerspective(scale: 0.4, seed: 6, dataFormat: f), S(3, 6, 8), S(3, 6, 8), stochastic: true),
        Image("random_perspective_nearest_fill", f => new RandomPerspective(factor: 1, factorLower: 0.5, scale: 1, interpolation: "nearest",
            fillValue: 0.25, seed: 7, dataFormat: f), S(2, 5, 5), S(2, 5, 5), stochastic: true),
        Image("mix_up", f => new MixUp(alpha: 0.5, seed: 8, dataFormat: f), S(3, 6, 8), S(3, 6, 8), stochastic: true),
        Image("cut_mix", f => new CutMix(seed: 9, dataFormat: f), S(3, 6, 8), S(3, 6, 8), stochastic: true),
    };
}
