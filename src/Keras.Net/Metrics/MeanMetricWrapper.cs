namespace KerasNet.Metrics;

/// <summary>A metric whose per-sample values come from a function of (y_true, y_pred), averaged with sample weights.</summary>
public abstract class MeanMetricWrapper : Mean
{
    /// <summary>Creates the metric.</summary>
    protected MeanMetricWrapper(string name) : base(name) { }

    /// <summary>The per-sample values.</summary>
    protected abstract Tensor Values(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// Accumulates one batch of targets and predictions. (Declared here so that <c>metric.UpdateState(yTrue, yPred)</c>
    /// does not bind to <see cref="Mean.UpdateState(Tensor, Tensor?)"/>, which would take the predictions for weights.)
    /// </summary>
    public new void UpdateState(Tensor yTrue, Tensor yPred) => UpdateState(yTrue, yPred, null);

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = torch.NewDisposeScope();
        base.UpdateState(Values(yTrue, yPred), sampleWeight);
    }
}
