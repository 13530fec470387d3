namespace KerasNet.Metrics;

/// <summary>
/// F1 = 2·precision·recall / (precision + recall) per class over (batch, classes) predictions: <see cref="FBetaScore"/>
/// with β = 1. With no threshold, each sample's highest prediction counts as its positive class.
/// <see cref="FBetaScore.Result"/> averages per <see cref="FBetaScore.Average"/>: "macro" (the default here, a single
/// number), "micro" or "weighted" (by support).
/// </summary>
public sealed class F1Score : FBetaScore
{
    /// <summary>Creates the metric.</summary>
    public F1Score(string average = "macro", double? threshold = null, string name = "f1_score") : base(average, 1.0, threshold, name) { }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("beta");
        return config;
    }
}
