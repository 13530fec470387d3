namespace KerasNet.Metrics;

/// <summary>The fraction of samples whose one-hot target is among the <see cref="K"/> highest predictions.</summary>
public sealed class TopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric (Keras default k = 5).</summary>
    public TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy") : base(name) =>
        K = SparseTopKCategoricalAccuracy.CheckK(k);

    /// <summary>How many top predictions count.</summary>
    public int K { get; }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => SparseTopKCategoricalAccuracy.InTopK(yPred, yTrue.argmax(-1), K);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["k"] = K };
}
