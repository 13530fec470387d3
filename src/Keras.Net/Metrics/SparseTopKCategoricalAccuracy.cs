namespace KerasNet.Metrics;

/// <summary>The fraction of samples whose integer target is among the <see cref="K"/> highest predictions.</summary>
public sealed class SparseTopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric (Keras default k = 5).</summary>
    public SparseTopKCategoricalAccuracy(int k = 5, string name = "sparse_top_k_categorical_accuracy") : base(name) => K = CheckK(k);

    /// <summary>How many top predictions count.</summary>
    public int K { get; }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) =>
        InTopK(yPred, SparseCategoricalAccuracy.IntegerTargets(yTrue, yPred), K);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["k"] = K };

    /// <summary>1 where <paramref name="target"/> (class indices) is among the <paramref name="k"/> highest predictions, else 0.</summary>
    internal static Tensor InTopK(Tensor yPred, Tensor target, int k)
    {
        var classes = yPred.size(-1);
        var (_, indices) = yPred.topk(Math.Min(k, (int)classes), dim: -1);
        return indices.eq(target.unsqueeze(-1)).any(-1).to(ScalarType.Float32);
    }

    /// <summary><paramref name="k"/>, if it is positive.</summary>
    internal static int CheckK(int k) => k > 0 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be positive; received {k}.");
}
