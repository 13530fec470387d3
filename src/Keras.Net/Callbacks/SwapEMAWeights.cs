using KerasNet.Optimizers;

namespace KerasNet.Callbacks;

/// <summary>
/// Evaluates and predicts with the optimizer's moving average of the weights (Polyak averaging), as Keras's
/// <c>SwapEMAWeights</c>: the weights and their average are exchanged in place when evaluation (validation inside
/// Fit, or Evaluate) or prediction begins, and exchanged back when it ends. Use it with an optimizer created with
/// <c>useEma: true</c>.
/// </summary>
/// <remarks>
/// With <see cref="SwapOnEpoch"/>, the average is also in the model from each epoch's end to the next epoch's start,
/// so callbacks listed after this one (e.g. <see cref="ModelCheckpoint"/>) see and save the averaged weights. Fit
/// leaves the averaged weights in the model at its end, as the optimizer's EMA always does, also when the training
/// stops early. Changing the weights or the average in another callback while they are exchanged gives undefined
/// results.
/// </remarks>
/// <example><code>
/// model.Compile(new SGD(useEma: true), "categorical_crossentropy");
/// model.Fit(x, y, epochs: 10, validationData: (xVal, yVal), callbacks: new Callback[] { new SwapEMAWeights() });
/// </code></example>
public sealed class SwapEMAWeights : Callback
{
    private bool averageInModel;

    /// <summary>Creates the callback.</summary>
    /// <param name="swapOnEpoch">Also exchange at each epoch's end and back at the next epoch's start (Keras's default: false).</param>
    public SwapEMAWeights(bool swapOnEpoch = false) => SwapOnEpoch = swapOnEpoch;

    /// <summary>Whether the average is in the model between epochs too.</summary>
    public bool SwapOnEpoch { get; }

    /// <summary>Whether the model's weights are the moving average right now.</summary>
    public bool AverageInModel => averageInModel;

    private Optimizer? Optimizer
    {
        get
        {
            var optimizer = Model?.Optimizer;
            if (optimizer is null || !optimizer.UseEma)
                throw new InvalidOperationException(
                    $"SwapEMAWeights needs a model compiled with an optimizer that keeps a moving average of the weights; received " +
                    $"{(optimizer is null ? "a model with no optimizer" : $"{optimizer.GetType().Name} with useEma: false")}. " +
                    "Create the optimizer with useEma: true, e.g. new Adam(useEma: true).");
            return optimizer.HasEmaWeights ? optimizer : null;
        }
    }

    private void Swap(bool toAverage)
    {
        if (averageInModel == toAverage) return;
        if (Optimizer is not { } optimizer) return; // not trained yet: the average equals the weights
        optimizer.SwapEmaWeights();
        averageInModel = toAverage;
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => _ = Optimizer;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SwapOnEpoch) Swap(toAverage: false);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SwapOnEpoch) Swap(toAverage: true);
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        // Fit ends by copying the average into the weights; while they are exchanged the average slot holds the raw
        // weights, so it first receives the averaged ones the model holds.
        if (!averageInModel || Optimizer is not { } optimizer) return;
        optimizer.CopyWeightsIntoEma();
        averageInModel = false;
    }

    /// <inheritdoc/>
    public override void OnTestBegin(IReadOnlyDictionary<string, double> logs) => Swap(toAverage: true);

    /// <inheritdoc/>
    public override void OnTestEnd(IReadOnlyDictionary<string, double> logs) => Swap(toAverage: false);

    /// <inheritdoc/>
    public override void OnPredictBegin(IReadOnlyDictionary<string, double> logs) => Swap(toAverage: true);

    /// <inheritdoc/>
    public override void OnPredictEnd(IReadOnlyDictionary<string, double> logs) => Swap(toAverage: false);
}
