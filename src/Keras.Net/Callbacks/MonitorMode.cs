namespace KerasNet.Callbacks;

/// <summary>Whether a monitored quantity should go down or up (Keras's <c>mode</c> argument).</summary>
public enum MonitorMode
{
    /// <summary>
    /// Inferred from the name: losses and errors (<c>loss</c>, <c>val_loss</c>, <c>mean_squared_error</c>...) are
    /// minimized; accuracies and scores (<c>accuracy</c>, <c>auc</c>, <c>precision</c>, <c>recall</c>, <c>f1_score</c>...)
    /// are maximized. Any other name needs <see cref="Min"/> or <see cref="Max"/>.
    /// </summary>
    Auto,
    /// <summary>Lower is better.</summary>
    Min,
    /// <summary>Higher is better.</summary>
    Max,
}

/// <summary>Shared logic of callbacks that watch one log value.</summary>
internal static class Monitoring
{
    private static readonly string[] HigherIsBetter =
        { "acc", "auc", "precision", "recall", "f1", "fbeta", "iou", "r2", "sensitivity", "specificity", "true_positives", "true_negatives" };

    private static readonly string[] LowerIsBetter =
        { "loss", "error", "crossentropy", "hinge", "divergence", "poisson", "cosh", "mse", "mae", "mape", "msle", "false_positives", "false_negatives" };

    /// <summary>True when <paramref name="monitor"/> should be maximized under <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentException">Auto mode and a name whose direction cannot be inferred.</exception>
    public static bool Maximize(string monitor, MonitorMode mode, string callback)
    {
        switch (mode)
        {
            case MonitorMode.Min: return false;
            case MonitorMode.Max: return true;
            case MonitorMode.Auto: break;
            default: throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{callback}: mode must be Auto, Min or Max.");
        }
        var name = monitor.StartsWith("val_", StringComparison.Ordinal) ? monitor[4..] : monitor;
        name = name.ToLowerInvariant();
        if (name.EndsWith("loss", StringComparison.Ordinal)) return false;
        if (HigherIsBetter.Any(h => name.Contains(h, StringComparison.Ordinal))) return true;
        if (LowerIsBetter.Any(l => name.Contains(l, StringComparison.Ordinal))) return false;
        throw new ArgumentException(
            $"{callback} cannot tell whether '{monitor}' should be minimized or maximized. Pass mode: MonitorMode.Min " +
            "to use its lowest value, or mode: MonitorMode.Max to use its highest.", nameof(mode));
    }

    /// <summary>The monitored value from <paramref name="logs"/>, or null after a warning on stderr listing the available keys.</summary>
    public static double? Read(IReadOnlyDictionary<string, double> logs, string monitor, string what, TextWriter? errors)
    {
        if (logs.TryGetValue(monitor, out var value)) return value;
        (errors ?? Console.Error).WriteLine(
            $"Warning: {what} conditioned on metric `{monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}.");
        return null;
    }

    /// <summary>The model's optimizer, or a clear error when the model is missing or not compiled.</summary>
    public static Optimizers.Optimizer RequireOptimizer(Callback callback)
    {
        var model = callback.Model ?? throw new InvalidOperationException($"{callback.GetType().Name} is not attached to a model: pass it to Fit(callbacks: ...).");
        var optimizer = model.Optimizer ?? throw new InvalidOperationException(
            $"{callback.GetType().Name} needs a compiled model: call model.Compile(...) before Fit.");
        if (optimizer.Schedule is not null)
            throw new InvalidOperationException(
                $"{callback.GetType().Name}: the optimizer's learning rate comes from a {optimizer.Schedule.GetType().Name}, so a callback cannot " +
                "also set it. Create the optimizer with a fixed learning rate to use this callback.");
        return optimizer;
    }

    /// <summary>The model the callback is attached to.</summary>
    public static Models.Model RequireModel(Callback callback) =>
        callback.Model ?? throw new InvalidOperationException($"{callback.GetType().Name} is not attached to a model: pass it to Fit(callbacks: ...).");

    /// <summary>Keras 3 adds the current learning rate to the epoch logs; Fit's logs are a mutable dictionary.</summary>
    public static void AddLearningRate(IReadOnlyDictionary<string, double> logs, double learningRate)
    {
        if (logs is IDictionary<string, double> { IsReadOnly: false } mutable) mutable["learning_rate"] = learningRate;
    }
}
