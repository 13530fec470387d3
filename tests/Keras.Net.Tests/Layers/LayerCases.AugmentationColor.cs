using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // Keras 3's color augmentation layers (no weights; seeded so that both layouts draw the same values).
    private static readonly IReadOnlyList<LayerCase> AugmentationColorCases = new List<LayerCase>
    {
        Image("random_hue", f => new RandomHue(0.6, valueRange: new double[] { 0, 1 }, seed: 4, dataFormat: f), S(3, 5, 6), S(3, 5, 6), stochastic: true),
        Image("random_saturation", f => new RandomSaturation(0.9, factorLower: 0.1, seed: 5, dataFormat: f), S(3, 5, 6), S(3, 5, 6), stochastic: true),
        Image("random_color_jitter", f => new RandomColorJitter(new double[] { -1, 1 }, brightnessFactor: new[] { 0.2 }, contrastFactor: new[] { 0.3 },
            saturationFactor: new[] { 0.3, 0.7 }, hueFactor: new[] { 0.4 }, seed: 6, dataFormat: f), S(3, 5, 6), S(3, 5, 6), stochastic: true),
        Image("random_color_jitter_brightness_only", f => new RandomColorJitter(brightnessFactor: new[] { -0.1, 0.2 }, seed: 7, dataFormat: f), S(2, 4, 4), S(2, 4, 4), stochastic: true),
        Image("random_sharpness", f => new RandomSharpness(1.0, valueRange: new double[] { -3, 3 }, seed: 8, dataFormat: f), S(2, 5, 6), S(2, 5, 6), stochastic: true),
        Image("random_posterization", f => new RandomPosterization(6, factorLower: 2, valueRange: new double[] { -2, 2 }, seed: 9, dataFormat: f), S(3, 5, 6), S(3, 5, 6), stochastic: true),
        Image("random_erasing", f => new RandomErasing(factorLower: 1, scale: new[] { 0.1, 0.4 }, fillValue: 0.5, seed: 10, dataFormat: f), S(3, 8, 7), S(3, 8, 7), stochastic: true),
        Image("random_erasing_noise", f => new RandomErasing(valueRange: new double[] { -1, 1 }, seed: 11, dataFormat: f), S(2, 6, 6), S(2, 6, 6), stochastic: true),
    };
}
