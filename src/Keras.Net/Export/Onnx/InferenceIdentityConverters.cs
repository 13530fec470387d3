using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// The layers that return their input unchanged at inference: the dropouts and noises, ActivityRegularization (it
/// only adds a loss), and the random augmentation
/// layers, MixUp and CutMix, and Solarization (random at training only). RandomCrop is not among them: at inference it
/// resizes.
/// </summary>
internal static class InferenceIdentityConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        foreach (var type in new[]
                 {
                     typeof(SpatialDropout), typeof(AlphaDropout), typeof(GaussianDropout), typeof(ActivityRegularization),
                     typeof(RandomAffineLayer), typeof(RandomFlip), typeof(RandomBrightness), typeof(RandomContrast),
                     typeof(RandomGrayscale), typeof(RandomInvert), typeof(Solarization), typeof(RandomPerspective),
                     typeof(RandomHue), typeof(RandomSaturation), typeof(RandomColorJitter), typeof(RandomPosterization),
                     typeof(RandomSharpness), typeof(RandomErasing), typeof(BatchMixingLayer), typeof(RandAugment),
                 })
            table[type] = (layer, graph, inputs) => new[] { inputs[0].Name };
    }
}
