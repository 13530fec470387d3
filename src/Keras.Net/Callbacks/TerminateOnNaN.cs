namespace KerasNet.Callbacks;

/// <summary>
/// Stops training as soon as a training batch's loss is NaN or infinite (Keras's <c>TerminateOnNaN</c>): Fit ends
/// after that batch, and the message <c>Batch N: Invalid loss, terminating training</c> is printed.
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>Where the message goes (stdout when null).</summary>
    internal TextWriter? Output { get; set; }

    /// <summary>The batch (0-based within its epoch) whose loss was invalid, if training was terminated.</summary>
    public int? TerminatedAtBatch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => TerminatedAtBatch = null;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (!logs.TryGetValue("loss", out var loss) || double.IsFinite(loss)) return;
        (Output ?? Console.Out).WriteLine($"Batch {batch}: Invalid loss, terminating training");
        TerminatedAtBatch = batch;
        Monitoring.RequireModel(this).StopTraining = true;
    }
}
