using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.Tests.Callbacks;

/// <summary>Small models, logs and temporary folders for driving callbacks directly or through a short Fit.</summary>
internal static class CallbackTestSupport
{
    /// <summary>A 4 → 8 → 2 MLP, built.</summary>
    public static Sequential SmallModel(string? name = null) =>
        new(new Layer[] { Keras.Input(4), new Dense(8, activation: "relu"), new Dense(2) }, name);

    /// <summary>A small model compiled with SGD at <paramref name="learningRate"/> and mean squared error.</summary>
    public static Sequential CompiledModel(double learningRate = 0.05)
    {
        var model = SmallModel();
        model.Compile(new SGD(learningRate), new Losses.MeanSquaredError());
        return model;
    }

    /// <summary>Regression data for <see cref="SmallModel"/>.</summary>
    public static (Tensor X, Tensor Y) RandomData(int samples = 64, long seed = 1)
    {
        torch.manual_seed(seed);
        var x = torch.randn(samples, 4).DetachFromDisposeScope();
        var y = torch.randn(samples, 2).DetachFromDisposeScope();
        return (x, y);
    }

    /// <summary>Attaches <paramref name="callback"/> to <paramref name="model"/>, as Fit does.</summary>
    public static T Attach<T>(this T callback, Model model) where T : Callback
    {
        callback.Model = model;
        return callback;
    }

    /// <summary>Logs from name/value pairs (a mutable dictionary, as Fit passes).</summary>
    public static Dictionary<string, double> Logs(params (string Key, double Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    /// <summary>Sets every weight of the model to <paramref name="value"/>.</summary>
    public static void FillWeights(Model model, float value)
    {
        foreach (var w in model.Weights)
            using (var t = torch.full_like(w.Value, value)) w.Assign(t);
    }

    /// <summary>The model's weights flattened into one array.</summary>
    public static float[] WeightValues(Model model) =>
        model.Weights.SelectMany(w => w.Value.data<float>().ToArray()).ToArray();
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kn-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
