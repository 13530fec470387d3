using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // Preprocessing layers: no weights except Normalization's (mean and variance per kept position). The random ones
    // are the identity at inference; RandomCrop is seeded, so both layouts draw the same windows in training.
    private static readonly IReadOnlyList<LayerCase> PreprocessingCases = new List<LayerCase>
    {
        Image("resizing", f => new Resizing(5, 7, dataFormat: f), S(3, 8, 6), S(3, 5, 7)),
        Image("resizing_nearest_crop_to_aspect", f => new Resizing(4, 4, "nearest", cropToAspectRatio: true, dataFormat: f), S(2, 8, 6), S(2, 4, 4)),
        Image("center_crop", f => new KerasNet.Layers.CenterCrop(4, 5, dataFormat: f), S(3, 8, 6), S(3, 4, 5)),
        Image("center_crop_upsizes_small_images", f => new KerasNet.Layers.CenterCrop(10, 10, dataFormat: f), S(3, 8, 6), S(3, 10, 10)),
        Image("random_crop_seeded", f => new KerasNet.Layers.RandomCrop(5, 4, seed: 3, dataFormat: f), S(3, 8, 6), S(3, 5, 4)),
        Image("random_flip", f => new RandomFlip(dataFormat: f), S(3, 6, 6), S(3, 6, 6), stochastic: true),
        Image("random_rotation", f => new KerasNet.Layers.RandomRotation(0.2, dataFormat: f), S(3, 6, 8), S(3, 6, 8), stochastic: true),
        Image("random_rotation_constant_nearest", f => new KerasNet.Layers.RandomRotation(0.5, fillMode: "constant", interpolation: "nearest", fillValue: 1, seed: 4, dataFormat: f),
            S(2, 7, 7), S(2, 7, 7), stochastic: true),
        Image("random_zoom", f => new RandomZoom(0.3, 0.2, fillMode: "nearest", dataFormat: f), S(3, 6, 6), S(3, 6, 6), stochastic: true),
        Image("random_translation", f => new RandomTranslation(0.2, 0.1, seed: 1, dataFormat: f), S(3, 6, 6), S(3, 6, 6), stochastic: true),
        Image("random_contrast", f => new RandomContrast(0.4, dataFormat: f), S(3, 5, 5), S(3, 5, 5), stochastic: true),
        Image("random_brightness", f => new RandomBrightness(0.2, valueRange: new double[] { -5, 5 }, dataFormat: f), S(3, 5, 5), S(3, 5, 5), stochastic: true),
        One("normalization_channel_axis", () => new Normalization(axis: new long[] { 1 }), S(3, 4, 4), S(3, 4, 4), 2 * 3),
        One("normalization_constants", () => new Normalization(mean: new[] { 1.0, 2.0, 3.0 }, variance: new[] { 4.0, 1.0, 0.25 }), S(2, 3), S(2, 3)),
        One("normalization_invert_scalar", () => new Normalization(axis: Array.Empty<long>(), mean: new[] { 0.5 }, variance: new[] { 2.0 }, invert: true), S(4), S(4)),
        One("normalization_features", () => new Normalization(), S(2, 5), S(2, 5), 2 * 5),
    };
}
