using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// The initializer, regularizer and constraint of one kind of weight (a kernel, a recurrent kernel, a bias...), with
/// the prefix of its config keys: <c>kernel</c> stands for <c>kernel_initializer</c>, <c>kernel_regularizer</c> and
/// <c>kernel_constraint</c>. Weighted layers take these options as flat constructor arguments, as Keras does, and
/// keep them here (those with a kernel and a bias through <see cref="KernelBiasLayer"/>), so that defaults, weight
/// creation and config writing are the same in every layer.
/// </summary>
/// <param name="Key">The config key prefix (<c>kernel</c>, <c>recurrent</c>, <c>depthwise</c>, <c>bias</c>...).</param>
/// <param name="Initializer">Creates the weight's first value.</param>
/// <param name="Regularizer">Adds a penalty on the weight to the loss, if any.</param>
/// <param name="Constraint">Projects the weight after each optimizer step, if any.</param>
internal sealed record WeightOptions(string Key, Initializer Initializer, Regularizer? Regularizer = null, Constraint? Constraint = null)
{
    /// <summary>A kernel's options under <paramref name="key"/>; Glorot uniform unless an initializer is given (Keras's default).</summary>
    internal static WeightOptions Kernel(Initializer? initializer, Regularizer? regularizer, Constraint? constraint, string key = "kernel") =>
        new(key, initializer ?? new GlorotUniform(), regularizer, constraint);

    /// <summary>A bias's options; zeros unless an initializer is given (Keras's default).</summary>
    internal static WeightOptions Bias(Initializer? initializer, Regularizer? regularizer, Constraint? constraint) =>
        new("bias", initializer ?? new Zeros(), regularizer, constraint);

    /// <summary>
    /// Writes the options of a layer's weights in Keras's key order: every initializer, then the entries that
    /// <paramref name="afterInitializers"/> adds (LSTM's <c>unit_forget_bias</c>, BatchNormalization's moving-statistics
    /// initializers), then every regularizer, then every constraint.
    /// </summary>
    internal static void Write(Dictionary<string, object?> config, IReadOnlyList<WeightOptions> weights,
                               Action<Dictionary<string, object?>>? afterInitializers = null)
    {
        foreach (var weight in weights) config[weight.Key + "_initializer"] = KerasRegistry.Serialize(weight.Initializer);
        afterInitializers?.Invoke(config);
        foreach (var weight in weights) config[weight.Key + "_regularizer"] = KerasRegistry.SerializeOrNull(weight.Regularizer);
        foreach (var weight in weights) config[weight.Key + "_constraint"] = KerasRegistry.SerializeOrNull(weight.Constraint);
    }
}
