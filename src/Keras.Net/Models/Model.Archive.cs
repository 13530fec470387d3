using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Optimizers;
using KerasNet.Saving;
using KerasNet.Serialization;

namespace KerasNet.Models;

public partial class Model
{
    /// <summary>
    /// Saves the whole model to one archive (a zip, conventionally <c>.keras</c>): the architecture as JSON config,
    /// metadata (format version, framework version, date), every weight, the compile settings and the optimizer state
    /// (iterations, moments, learning rate), and the state of libtorch's CPU random generator, so that
    /// <see cref="Load"/> gives a model that predicts identically and resumes training where this one stopped. The
    /// archive is written to a temporary file and renamed into place.
    /// </summary>
    /// <param name="path">The archive to write (replaced if it exists).</param>
    /// <exception cref="InvalidOperationException">The model is not built, or a layer cannot describe itself.</exception>
    public void Save(string path) => ModelArchive.Save(this, path);

    /// <summary>
    /// Loads a model saved by <see cref="Save"/>. Only built-in and registered (<c>[KerasSerializable]</c>) layer and
    /// model classes are created.
    /// </summary>
    /// <param name="path">The archive.</param>
    /// <param name="compile">Compile the model with the saved settings and restore the optimizer state (when it was compiled).</param>
    /// <param name="restoreRandomState">
    /// Also set libtorch's global CPU generator to its state at save time, so that shuffling and dropout continue
    /// exactly as they would have in the saved process (a bitwise continuation of training).
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelArchiveException">The file is truncated, corrupt, foreign, newer, or names an unknown class.</exception>
    public static Model Load(string path, bool compile = true, bool restoreRandomState = false) => ModelArchive.Load(path, compile, restoreRandomState);

    /// <summary>Loads a model saved by <see cref="Save"/> and checks that it is a <typeparamref name="TModel"/> (e.g. <see cref="Sequential"/>).</summary>
    /// <exception cref="ModelArchiveException">The archive holds another kind of model, or cannot be read.</exception>
    public static TModel Load<TModel>(string path, bool compile = true, bool restoreRandomState = false) where TModel : Model
    {
        var model = Load(path, compile, restoreRandomState);
        if (model is TModel typed) return typed;
        var kind = model.GetType().Name;
        model.Dispose();
        throw new ModelArchiveException(path, $"it holds a {kind}, not a {typeof(TModel).Name}. Load it with Model.Load.");
    }

    /// <summary>Compile's settings as a config (null when the model is not compiled).</summary>
    internal Dictionary<string, object?>? GetCompileConfig()
    {
        if (compiled is null) return null;
        static List<object?> Metrics(IReadOnlyList<IReadOnlyList<Metric>> perOutput) =>
            perOutput.Select(list => (object?)list.Select(m => (object?)KerasRegistry.Serialize(m)).ToList()).ToList();
        return new Dictionary<string, object?>
        {
            ["optimizer"] = KerasRegistry.Serialize(compiled.Optimizer),
            ["losses"] = compiled.Losses.Select(l => (object?)KerasRegistry.Serialize(l)).ToList(),
            ["loss_weights"] = compiled.LossWeights.ToArray(),
            ["metrics"] = Metrics(compiled.MetricsPerOutput),
            ["weighted_metrics"] = Metrics(compiled.WeightedMetricsPerOutput),
        };
    }

    /// <summary>Compiles from <see cref="GetCompileConfig"/>'s output.</summary>
    internal void CompileFromConfig(IReadOnlyDictionary<string, object?> config)
    {
        var values = KerasRegistry.AsDictionary(config);
        var optimizer = KerasRegistry.Deserialize<Optimizer>(KerasRegistry.AsDictionary(values.GetValueOrDefault("optimizer")));
        var losses = AsList(values.GetValueOrDefault("losses"), "compile_config.losses")
            .Select(l => KerasRegistry.Deserialize<Loss>(KerasRegistry.AsDictionary(l))).ToArray();
        var weights = (double[])KerasRegistry.Convert(values.GetValueOrDefault("loss_weights"), typeof(double[]))!;
        IReadOnlyList<IReadOnlyList<Metric>> Metrics(string key) =>
            AsList(values.GetValueOrDefault(key), "compile_config." + key)
                .Select(list => (IReadOnlyList<Metric>)AsList(list, "compile_config." + key)
                    .Select(m => KerasRegistry.Deserialize<Metric>(KerasRegistry.AsDictionary(m))).ToArray()).ToArray();
        Compile(optimizer, losses, Metrics("metrics"), weights, Metrics("weighted_metrics"));
    }

    /// <summary>The optimizer once it holds state (built), else null.</summary>
    internal Optimizer? BuiltOptimizer => compiled is { OptimizerBuilt: true } state ? state.Optimizer : null;

    /// <summary>Creates the optimizer's state now if the model is compiled and built (it is otherwise created by the first step).</summary>
    internal void EnsureOptimizerBuilt()
    {
        if (compiled is not null && Built && Weights.Count > 0) BuildOptimizer();
    }
}
