using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // ActivityRegularization (an identity that adds a loss) and the image augmentation layers of Keras 3.
    private static readonly IReadOnlyList<LayerCase> AugmentationCases = new List<LayerCase>
    {
        One("activity_regularization", () => new ActivityRegularization(l1: 0.01, l2: 0.02), S(3, 4), S(3, 4)),
    };
}
