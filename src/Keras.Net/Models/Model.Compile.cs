using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Optimizers;
using KerasNet.Training;

namespace KerasNet.Models;

public partial class Model
{
    private CompiledState? compiled;

    /// <summary>True once <see cref="Compile(Optimizer, Loss, Metric[], double[], Metric[])"/> has run (and Trainable has not changed since).</summary>
    public bool IsCompiled => compiled is not null;

    /// <summary>The optimizer given to Compile (wrapped in a <see cref="LossScaleOptimizer"/> under a <c>mixed_float16</c> policy).</summary>
    public Optimizer? Optimizer => compiled?.Optimizer;

    /// <summary>
    /// Configures training with one loss (applied to every output). Strings work for all three, as in Keras:
    /// <c>model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])</c>.
    /// </summary>
    /// <returns>This model, so that <c>model.Compile(...).Fit(...)</c> reads as one line.</returns>
    public Model Compile(Optimizer optimizer, Loss loss, Metric[]? metrics = null, double[]? lossWeights = null, Metric[]? weightedMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var outputs = OutputCount;
        var perOutputMetrics = Enumerable.Range(0, outputs).Select(i => (IReadOnlyList<Metric>)(i == 0 ? metrics ?? Array.Empty<Metric>() : CloneMetrics(metrics))).ToArray();
        var perOutputWeighted = Enumerable.Range(0, outputs).Select(i => (IReadOnlyList<Metric>)(i == 0 ? weightedMetrics ?? Array.Empty<Metric>() : CloneMetrics(weightedMetrics))).ToArray();
        return Compile(optimizer, Enumerable.Repeat(loss, outputs).ToArray(), perOutputMetrics, lossWeights, perOutputWeighted);
    }

    /// <summary>Configures training with one loss and one list of metrics per output.</summary>
    public Model Compile(Optimizer optimizer, IReadOnlyList<Loss> losses, IReadOnlyList<IReadOnlyList<Metric>>? metrics = null, double[]? lossWeights = null,
                         IReadOnlyList<IReadOnlyList<Metric>>? weightedMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(losses);
        var outputs = OutputCount;
        if (losses.Count != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} output(s) but {losses.Count} losses were given; give one per output (or a single loss for all).", nameof(losses));
        if (lossWeights is not null && lossWeights.Length != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} output(s) but {lossWeights.Length} loss weights were given.", nameof(lossWeights));
        if (metrics is not null && metrics.Count != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} output(s) but metrics were given for {metrics.Count}.", nameof(metrics));
        if (weightedMetrics is not null && weightedMetrics.Count != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} output(s) but weighted metrics were given for {weightedMetrics.Count}.", nameof(weightedMetrics));
        // As Keras: under a float16 policy the optimizer is wrapped for dynamic loss scaling.
        if (DtypePolicy.ComputeDtype == ScalarType.Float16 && DtypePolicy.IsMixed && optimizer is not LossScaleOptimizer)
            optimizer = new LossScaleOptimizer(optimizer);
        var empty = Enumerable.Range(0, outputs).Select(_ => (IReadOnlyList<Metric>)Array.Empty<Metric>()).ToArray();
        compiled = new CompiledState(optimizer, losses, lossWeights ?? Enumerable.Repeat(1.0, outputs).ToArray(),
            metrics ?? empty, weightedMetrics ?? empty, OutputNames());
        optimizer.BuildForOwner = () =>
        {
            if (ReferenceEquals(compiled?.Optimizer, optimizer)) BuildOptimizer();
        };
        if (Built) BuildOptimizer();
        return this;
    }

    private static Metric[] CloneMetrics(Metric[]? metrics) =>
        metrics?.Select(m => Serialization.KerasRegistry.FromConfig<Metric>(m.GetType().Name, m.GetConfig())).ToArray() ?? Array.Empty<Metric>();

    private int OutputCount => Outputs?.Count ?? 1;

    private IReadOnlyList<string> OutputNames() => Outputs?.Select(o => o.Layer.Name).ToArray() ?? new[] { Name };

    private CompiledState RequireCompiled(string method) => compiled ?? throw new InvalidOperationException(
        $"Model '{Name}' must be compiled before {method}: call model.Compile(optimizer, loss, metrics) first" +
        " (again after changing Trainable, so that the optimizer sees the new set of trainable weights).");

    /// <summary>
    /// Like <see cref="RequireCompiled"/>, and also checks that the trainable weights are still those the optimizer was
    /// built for: setting a sublayer's Trainable after Compile changes them without the model knowing.
    /// </summary>
    private CompiledState RequireCompiledForTraining(string method)
    {
        var state = RequireCompiled(method);
        if (state.OptimizerBuilt && !state.Optimizer.Variables.SequenceEqual(TrainableWeights))
            throw new InvalidOperationException(
                $"The trainable weights of model '{Name}' changed since Compile (a layer's Trainable was set): call model.Compile(optimizer, loss, metrics) " +
                $"again before {method}, so that the optimizer sees the new set of trainable weights.");
        return state;
    }

    private void BuildOptimizer()
    {
        var state = compiled!;
        if (state.OptimizerBuilt) return;
        state.Optimizer.Build(TrainableWeights);
        state.OptimizerBuilt = true;
    }
}
