using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Harness rows of BatchNormalization(synchronized: true): without a distribution it trains as the plain layer
/// (gamma, beta, moving mean and variance: 4 · features); the config must carry <c>synchronized</c>.
/// </summary>
public static partial class LayerCases
{
    private static readonly IReadOnlyList<LayerCase> SynchronizedNormalizationCases = new List<LayerCase>
    {
        Image("batch_normalization_synchronized_image", f => new BatchNormalization(axis: ChannelAxis(f), synchronized: true), S(3, 5, 5), S(3, 5, 5), 4 * 3),
        One("batch_normalization_synchronized_features", () => new BatchNormalization(synchronized: true, center: false), S(6), S(6), 3 * 6),
    };
}
