namespace KerasNet.Callbacks;

/// <summary>
/// Sets the learning rate at the start of every epoch to <c>schedule(epoch, currentRate)</c> (epoch from 0), as Keras's
/// <c>LearningRateScheduler</c>: <c>new LearningRateScheduler((epoch, lr) =&gt; epoch &lt; 10 ? lr : lr * 0.9)</c>. The
/// rate used during the epoch is added to the epoch's logs as <c>learning_rate</c> (as Keras 3), so History and
/// CSVLogger record it.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> schedule;
    private readonly int verbose;

    /// <summary>Creates the callback.</summary>
    /// <param name="schedule">The new rate from the epoch index (0-based) and the current rate; it must be positive and finite.</param>
    /// <param name="verbose">1 prints the rate set at each epoch.</param>
    public LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        this.schedule = schedule;
        this.verbose = verbose;
    }

    /// <summary>Where verbose messages go (stdout when null).</summary>
    internal TextWriter? Output { get; set; }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var optimizer = Monitoring.RequireOptimizer(this);
        var rate = schedule(epoch, optimizer.LearningRate);
        if (!(rate > 0 && double.IsFinite(rate)))
            throw new InvalidOperationException(
                $"LearningRateScheduler: the schedule returned {PythonFormat.Repr(rate)} for epoch {epoch}; a learning rate must be a positive, finite number.");
        optimizer.LearningRate = rate;
        if (verbose > 0) (Output ?? Console.Out).WriteLine($"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {PythonFormat.Repr(rate)}.");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        Monitoring.AddLearningRate(logs, Monitoring.RequireOptimizer(this).LearningRate);
    }
}
