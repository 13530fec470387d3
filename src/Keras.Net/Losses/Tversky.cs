namespace KerasNet.Losses;

/// <summary>
/// 1 − TP / (TP + α·FP + β·FN + ε) with soft counts TP = Σ y_true·y_pred, FP = Σ (1 − y_true)·y_pred and
/// FN = Σ y_true·(1 − y_pred) over <see cref="Axis"/> (every axis by default); α = β = 0.5 is the Dice loss
/// (Salehi et al., 2017).
/// </summary>
public sealed class Tversky : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="alpha">The weight of false positives, ≥ 0.</param>
    /// <param name="beta">The weight of false negatives, ≥ 0.</param>
    /// <param name="reduction">How the values are reduced.</param>
    /// <param name="name">The loss name.</param>
    /// <param name="axis">The axes summed over; null for all of them.</param>
    public Tversky(double alpha = 0.5, double beta = 0.5, Reduction reduction = Reduction.SumOverBatchSize, string name = "tversky", int[]? axis = null)
        : base(name, reduction)
    {
        Alpha = alpha >= 0 && double.IsFinite(alpha) ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Tversky: alpha must be a finite number >= 0; received {alpha}.");
        Beta = beta >= 0 && double.IsFinite(beta) ? beta : throw new ArgumentOutOfRangeException(nameof(beta), beta, $"Tversky: beta must be a finite number >= 0; received {beta}.");
        Axis = axis?.ToArray();
    }

    /// <summary>The weight of false positives.</summary>
    public double Alpha { get; }
    /// <summary>The weight of false negatives.</summary>
    public double Beta { get; }
    /// <summary>The axes summed over; null for all of them.</summary>
    public int[]? Axis { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred) => CallMatched(yTrue, yPred, (t, p) =>
    {
        var tp = Dice.SumOver(p * t, Axis);
        var fp = Dice.SumOver((1.0 - t) * p, Axis);
        var fn = Dice.SumOver(t * (1.0 - p), Axis);
        return 1.0 - tp / (tp + fp * Alpha + fn * Beta + Config.Epsilon);
    });

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["alpha"] = Alpha;
        config["beta"] = Beta;
        config["axis"] = Axis;
        return config;
    }
}
