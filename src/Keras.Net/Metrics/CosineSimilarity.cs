namespace KerasNet.Metrics;

/// <summary>
/// The cosine of the angle between y_true and y_pred along <see cref="Axis"/>, averaged over samples: 1 for the same
/// direction (the loss of the same name is its negative).
/// </summary>
public sealed class CosineSimilarity : MeanMetricWrapper
{
    private readonly Losses.CosineSimilarity loss;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name in logs.</param>
    /// <param name="axis">The axis along which the cosine is taken.</param>
    public CosineSimilarity(string name = "cosine_similarity", int axis = -1) : base(name) =>
        loss = new Losses.CosineSimilarity(axis, Losses.Reduction.None);

    /// <summary>The axis along which the cosine is taken.</summary>
    public int Axis => loss.Axis;

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred).neg();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["axis"] = Axis };
}
