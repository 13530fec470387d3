using KerasNet.Applications;
using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // The layers the applications add (channels-first only, as torchvision's weights).
    private static readonly IReadOnlyList<LayerCase> ApplicationsCases = new List<LayerCase>
    {
        One("adaptive_average_pooling_2d", () => new AdaptiveAveragePooling2D(2), S(3, 5, 5), S(3, 2, 2)),
        One("adaptive_average_pooling_2d_upsampling", () => new AdaptiveAveragePooling2D(7), S(2, 3, 3), S(2, 7, 7)),
        One("torch_self_attention", () => new TorchSelfAttention(2), S(4, 6), S(4, 6), 3 * 6 * 6 + 3 * 6 + 6 * 6 + 6),
        One("token_pooling", () => new TokenPooling(), S(4, 6), S(6)),
        One("token_pooling_avg", () => new TokenPooling("avg"), S(4, 6), S(6)),
        One("token_pooling_max", () => new TokenPooling("max"), S(4, 6), S(6)),
        One("vit_token_embedding", () => new VitTokenEmbedding(), S(6, 2, 3), S(7, 6), 6 + 7 * 6),
    };
}
