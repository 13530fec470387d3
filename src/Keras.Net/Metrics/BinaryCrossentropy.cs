namespace KerasNet.Metrics;

/// <summary>Binary cross-entropy averaged over samples (the per-sample values of <see cref="Losses.BinaryCrossentropy"/>).</summary>
public sealed class BinaryCrossentropy : MeanMetricWrapper
{
    private readonly Losses.BinaryCrossentropy loss;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name in logs.</param>
    /// <param name="fromLogits">True when predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]: targets move towards 0.5 by this fraction.</param>
    public BinaryCrossentropy(string name = "binary_crossentropy", bool fromLogits = false, double labelSmoothing = 0.0) : base(name) =>
        loss = new Losses.BinaryCrossentropy(fromLogits, labelSmoothing, Losses.Reduction.None);

    /// <summary>True when predictions are logits.</summary>
    public bool FromLogits => loss.FromLogits;
    /// <summary>The label smoothing.</summary>
    public double LabelSmoothing => loss.LabelSmoothing;

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["from_logits"] = FromLogits, ["label_smoothing"] = LabelSmoothing };
}
