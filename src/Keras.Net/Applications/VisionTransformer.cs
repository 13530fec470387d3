using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Applications;

/// <summary>
/// The Vision Transformer ViT-B/16 as torchvision builds it (16x16 patches, 12 pre-norm encoder layers of width 768
/// with 12 heads and a 3072-wide GELU MLP, LayerNorm epsilon 1e-6), with torchvision's layer names
/// (<c>conv_proj</c>, <c>encoder.layers.encoder_layer_0.self_attention</c>, <c>heads.head</c>...).
/// </summary>
public static class VisionTransformer
{
    /// <summary>ViT-B/16.</summary>
    /// <param name="includeTop">Whether to end with the <c>heads.head</c> Dense layer on the class token.</param>
    /// <param name="weights">null, "imagenet" (224x224 only: the position embedding has one entry per patch) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, size, size), channels-first, size a multiple of 16; default (3, 224, 224).</param>
    /// <param name="pooling">Without the top: null (the class token's features, as the head sees them), "avg" or "max" over all tokens.</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model ViTB16(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                               string? classifierActivation = "softmax", string name = "vit_b_16") =>
        Build("ViTB16", "vit_b_16", 16, 12, 12, 768, 3072, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    private static Model Build(string application, string torchName, int patch, int layers, int heads, long hidden, long mlp, bool includeTop, string? weights,
                               long[]? inputShape, string? pooling, int classes, string? classifierActivation, string name)
    {
        var shape = ApplicationOptions.Validate(application, includeTop, weights, inputShape, pooling, classes, 224, patch, fixedSize: true);
        if (shape[1] % patch != 0)
            throw new ArgumentException($"{application}: the image size must be a multiple of the patch size {patch}; received {shape[1]}x{shape[2]}.", nameof(inputShape));
        if (weights == "imagenet" && shape[1] != 224)
            throw new ArgumentException($"{application}: torchvision's ImageNet weights have a position embedding for 224x224 images; received {shape[1]}x{shape[2]}.", nameof(inputShape));
        var input = Keras.Input(shape, name: "input");
        var x = new Conv2D(hidden, patch, patch, "valid", "channels_first", name: "conv_proj").Apply(input);
        x = new VitTokenEmbedding(name: "encoder.embedding").Apply(x);
        for (var i = 0; i < layers; i++)
        {
            var prefix = $"encoder.layers.encoder_layer_{i}";
            var y = new LayerNormalization(epsilon: 1e-6, name: prefix + ".ln_1").Apply(x);
            y = new TorchSelfAttention(heads, name: prefix + ".self_attention").Apply(y);
            x = new Add(name: prefix + ".add_1").Apply(y, x);
            y = new LayerNormalization(epsilon: 1e-6, name: prefix + ".ln_2").Apply(x);
            y = new Dense(mlp, activation: "gelu", name: prefix + ".mlp.0").Apply(y);
            y = new Dense(hidden, name: prefix + ".mlp.3").Apply(y);
            x = new Add(name: prefix + ".add_2").Apply(x, y);
        }
        x = new LayerNormalization(epsilon: 1e-6, name: "encoder.ln").Apply(x);
        x = new TokenPooling(includeTop ? "token" : pooling ?? "token", name: "token_pooling").Apply(x);
        if (includeTop) x = new Dense(classes, activation: classifierActivation ?? "linear", name: "heads.head").Apply(x);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, torchName, includeTop, "heads.");
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
