using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Interop;

/// <summary>Helpers shared by the interop tests.</summary>
internal static class InteropSupport
{
    /// <summary>Input(4) → TorchModuleWrapper(TinyBlock) → Dense(2), every layer named after <paramref name="prefix"/>.</summary>
    public static Sequential WrappedBlockModel(string prefix, TinyBlock? block = null) => new(new Layer[]
    {
        Keras.Input(4),
        new TorchModuleWrapper(block ?? new TinyBlock(), name: prefix + "_tiny"),
        new Dense(2, name: prefix + "_head"),
    }, prefix);

    /// <summary>Input(4) → Dense(8, relu) → BatchNormalization → Dense(2), layers named after <paramref name="prefix"/>.</summary>
    public static Sequential KerasBatchNormModel(string prefix) => new(new Layer[]
    {
        Keras.Input(4),
        new Dense(8, activation: "relu", name: prefix + "_hidden"),
        new BatchNormalization(name: prefix + "_bn"),
        new Dense(2, name: prefix + "_out"),
    }, prefix);

    /// <summary>A detached CPU copy of <paramref name="t"/>, owned by the caller.</summary>
    public static Tensor Snapshot(Tensor t)
    {
        using var noGrad = torch.no_grad();
        return t.detach().to(t.dtype, torch.CPU, copy: true).DetachFromDisposeScope();
    }

    /// <summary>The model's predictions as floats.</summary>
    public static float[] Predictions(Model model, Tensor x)
    {
        using var p = model.Predict(x, verbose: Verbosity.Silent);
        return p.data<float>().ToArray();
    }

    /// <summary>True when the two tensors hold exactly the same values.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var equal = a.equal(b);
        using var all = equal.all();
        return all.item<bool>();
    }
}
