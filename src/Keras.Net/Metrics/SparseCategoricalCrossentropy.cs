namespace KerasNet.Metrics;

/// <summary>Cross-entropy with integer class targets averaged over samples (the per-sample values of <see cref="Losses.SparseCategoricalCrossentropy"/>).</summary>
public sealed class SparseCategoricalCrossentropy : MeanMetricWrapper
{
    private readonly Losses.SparseCategoricalCrossentropy loss;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name in logs.</param>
    /// <param name="fromLogits">True when predictions are logits rather than probabilities.</param>
    public SparseCategoricalCrossentropy(string name = "sparse_categorical_crossentropy", bool fromLogits = false) : base(name) =>
        loss = new Losses.SparseCategoricalCrossentropy(fromLogits, reduction: Losses.Reduction.None);

    /// <summary>True when predictions are logits.</summary>
    public bool FromLogits => loss.FromLogits;

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["from_logits"] = FromLogits };
}
