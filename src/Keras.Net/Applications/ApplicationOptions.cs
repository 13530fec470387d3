using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Saving;

namespace KerasNet.Applications;

/// <summary>Checks and applies the arguments every application shares (includeTop, weights, inputShape, pooling, classes).</summary>
internal static class ApplicationOptions
{
    /// <summary>Validates the arguments, as Keras does, and returns the input shape (channels-first).</summary>
    internal static long[] Validate(string application, bool includeTop, string? weights, long[]? inputShape, string? pooling, int classes,
                                    long defaultSize, long minimumSize, bool fixedSize = false)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"{application}: classes must be a positive number.");
        if (weights == "imagenet" && includeTop && classes != 1000)
            throw new ArgumentException($"{application}: weights: \"imagenet\" with includeTop: true needs classes: 1000 (received {classes}); " +
                                        "for another number of classes use includeTop: false and add your own head.", nameof(classes));
        if (weights is not null && weights != "imagenet" && !File.Exists(weights))
            throw new FileNotFoundException($"{application}: weights must be null, \"imagenet\" or the path of a weights file (.pth or .safetensors); the file '{weights}' does not exist.", weights);
        if (pooling is not null and not "avg" and not "max")
            throw new ArgumentException($"{application}: pooling must be null, \"avg\" or \"max\"; received \"{pooling}\".", nameof(pooling));
        var shape = inputShape ?? new[] { 3, defaultSize, defaultSize };
        if (shape.Length != 3 || shape[0] != 3)
            throw new ArgumentException($"{application}: inputShape must be (3, height, width), channels-first as torchvision's weights; received ({string.Join(", ", shape)}).", nameof(inputShape));
        if (shape[1] < minimumSize || shape[2] < minimumSize)
            throw new ArgumentException($"{application}: the input must be at least {minimumSize}x{minimumSize}; received {shape[1]}x{shape[2]}.", nameof(inputShape));
        if (fixedSize && shape[1] != shape[2])
            throw new ArgumentException($"{application}: the input must be square (its position embedding is built for one size); received {shape[1]}x{shape[2]}.", nameof(inputShape));
        return shape;
    }

    /// <summary>Global pooling of a channels-first feature map when there is no top.</summary>
    internal static KerasTensor Pool(KerasTensor x, string? pooling) => pooling switch
    {
        "avg" => new GlobalAveragePooling2D(dataFormat: "channels_first", name: "avgpool").Apply(x),
        "max" => new GlobalMaxPooling2D(dataFormat: "channels_first", name: "maxpool_global").Apply(x),
        _ => x,
    };

    /// <summary>
    /// torchvision's head of the pooled networks: global average pooling ("avgpool"), an optional Dropout
    /// ("classifier.0", MobileNet and EfficientNet) and the Dense classifier named <paramref name="denseName"/>.
    /// </summary>
    internal static KerasTensor PooledClassifier(KerasTensor x, int classes, string? activation, string denseName, double? dropout = null)
    {
        x = new GlobalAveragePooling2D(dataFormat: "channels_first", name: "avgpool").Apply(x);
        if (dropout is { } rate) x = new Dropout(rate, name: "classifier.0").Apply(x);
        return new Dense(classes, activation: activation ?? "linear", name: denseName).Apply(x);
    }

    /// <summary>
    /// The model from <paramref name="input"/> to <paramref name="output"/>, with <paramref name="weights"/> (a path, or
    /// "imagenet" resolved through <see cref="PretrainedWeights"/>) loaded. Every key must match, except that without a
    /// top the file's head entries (<paramref name="headPrefix"/>) are skipped, and so always are the entries under
    /// <paramref name="unusedPrefixes"/> (training-only branches such as GoogLeNet's auxiliary classifiers); anything
    /// that does not fit throws <see cref="StateDictMismatchException"/> and nothing is assigned.
    /// </summary>
    internal static Model ModelWithWeights(KerasTensor input, KerasTensor output, string name, string? weights, string torchvisionName, bool includeTop,
                                           string headPrefix, params string[] unusedPrefixes)
    {
        var model = new Model(input, output, name);
        if (weights is null) return model;
        var path = weights == "imagenet" ? PretrainedWeights.Resolve(torchvisionName) : weights;
        var skipped = includeTop ? unusedPrefixes : unusedPrefixes.Append(headPrefix).ToArray();
        StateDictMapping.Default.Load(model, path, strict: true,
            ignore: skipped.Length == 0 ? null : key => skipped.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)));
        return model;
    }
}
