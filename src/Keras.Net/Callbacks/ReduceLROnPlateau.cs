using System.Globalization;

namespace KerasNet.Callbacks;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> when a monitored quantity has not improved (by more than
/// <c>minDelta</c>) for <c>patience</c> epochs, never going below <c>minLr</c>; after a reduction, <c>cooldown</c>
/// epochs pass before epochs without improvement are counted again. As in Keras 3, the learning rate in use during the
/// epoch is added to the epoch's logs as <c>learning_rate</c> (so History and CSVLogger record it).
/// </summary>
public sealed class ReduceLROnPlateau : Callback, IStatefulCallback
{
    private readonly double factor;
    private readonly int patience;
    private readonly int verbose;
    private readonly double minDelta;
    private readonly int cooldown;
    private readonly double minLr;
    private readonly bool maximize;

    /// <summary>Creates the callback (Keras's arguments and defaults).</summary>
    /// <param name="monitor">The log value to watch.</param>
    /// <param name="factor">The factor applied to the learning rate, in (0, 1).</param>
    /// <param name="patience">Epochs without improvement after which the rate is reduced.</param>
    /// <param name="verbose">1 prints a line at each reduction.</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> infers it from the name.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting again.</param>
    /// <param name="minLr">The lowest learning rate.</param>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0, MonitorMode mode = MonitorMode.Auto,
                             double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        if (!(factor < 1.0 && factor > 0))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau: factor must be in (0, 1) (a factor >= 1 would not reduce the rate).");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "ReduceLROnPlateau: patience must be >= 0.");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "ReduceLROnPlateau: cooldown must be >= 0.");
        if (!(minLr >= 0)) throw new ArgumentOutOfRangeException(nameof(minLr), minLr, "ReduceLROnPlateau: minLr must be >= 0.");
        if (double.IsNaN(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "ReduceLROnPlateau: minDelta must be a number.");
        Monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.verbose = verbose;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        maximize = Monitoring.Maximize(monitor, mode, nameof(ReduceLROnPlateau));
        Reset();
    }

    /// <summary>The log value watched.</summary>
    public string Monitor { get; }

    /// <summary>Epochs without improvement since the last improvement, reduction or cooldown.</summary>
    public int Wait { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>The best value so far.</summary>
    public double Best { get; private set; }

    /// <summary>Where verbose messages go (stdout when null).</summary>
    internal TextWriter? Output { get; set; }

    /// <summary>Where warnings go (stderr when null).</summary>
    internal TextWriter? Errors { get; set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => Reset();

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var optimizer = Monitoring.RequireOptimizer(this);
        Monitoring.AddLearningRate(logs, optimizer.LearningRate);
        var current = Monitoring.Read(logs, Monitor, "Learning rate reduction", Errors);
        if (current is null) return;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            Wait = 0;
        }
        if (maximize ? current.Value > Best + minDelta : current.Value < Best - minDelta)
        {
            Best = current.Value;
            Wait = 0;
            return;
        }
        if (CooldownCounter > 0) return;
        Wait++;
        if (Wait < patience) return;
        var oldLr = optimizer.LearningRate;
        if (oldLr <= minLr) return;
        var newLr = Math.Max(oldLr * factor, minLr);
        optimizer.LearningRate = newLr;
        if (verbose > 0)
            (Output ?? Console.Out).WriteLine($"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {PythonFormat.Repr(newLr)}.");
        CooldownCounter = cooldown;
        Wait = 0;
    }

    /// <inheritdoc/>
    public CallbackState GetState() =>
        new(new Dictionary<string, double> { ["wait"] = Wait, ["cooldown_counter"] = CooldownCounter, ["best"] = Best });

    /// <inheritdoc/>
    public void SetState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var values = state.Values;
        Wait = (int)values.GetValueOrDefault("wait");
        CooldownCounter = (int)values.GetValueOrDefault("cooldown_counter");
        if (values.TryGetValue("best", out var best) && !double.IsNaN(best)) Best = best;
    }

    private void Reset()
    {
        Best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
        CooldownCounter = 0;
        Wait = 0;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ReduceLROnPlateau(monitor={Monitor}, factor={factor}, patience={patience}, cooldown={cooldown}, minLr={minLr})");
}
