using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // ActivityRegularization (an identity that adds a loss) and the image augmentation layers of Keras 3 (no weights;
    // the random ones are seeded so that both layouts draw the same values).
    private static readonly IReadOnlyList<LayerCase> AugmentationCases = new List<LayerCase>
    {
        One("activity_regularization", () => new ActivityRegularization(l1: 0.01, l2: 0.02), S(3, 4), S(3, 4)),
        Image("solarization", f => new Solarization(additionFactor: 0.2, thresholdFactor: 0.5, seed: 2, dataFormat: f), S(3, 5, 5), S(3, 5, 5), stochastic: true),
        Image("auto_contrast", f => new AutoContrast(dataFormat: f), S(3, 5, 5), S(3, 5, 5)),
        Image("equalization", f => new Equalization(bins: 16, dataFormat: f), S(3, 5, 5), S(3, 5, 5)),
    };
}
