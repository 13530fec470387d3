namespace KerasNet.Metrics;

/// <summary>Categorical cross-entropy (one-hot targets) averaged over samples (the per-sample values of <see cref="Losses.CategoricalCrossentropy"/>).</summary>
public sealed class CategoricalCrossentropy : MeanMetricWrapper
{
    private readonly Losses.CategoricalCrossentropy loss;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name in logs.</param>
    /// <param name="fromLogits">True when predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]: targets move towards the uniform distribution by this fraction.</param>
    public CategoricalCrossentropy(string name = "categorical_crossentropy", bool fromLogits = false, double labelSmoothing = 0.0) : base(name) =>
        loss = new Losses.CategoricalCrossentropy(fromLogits, labelSmoothing, Losses.Reduction.None);

    /// <summary>True when predictions are logits.</summary>
    public bool FromLogits => loss.FromLogits;
    /// <summary>The label smoothing.</summary>
    public double LabelSmoothing => loss.LabelSmoothing;

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["from_logits"] = FromLogits, ["label_smoothing"] = LabelSmoothing };
}
