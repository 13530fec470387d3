namespace KerasNet.Losses;

/// <summary>
/// Binary cross-entropy scaled by the focal factor (1 − p_t)^γ of Lin et al. (2018), where p_t is the predicted
/// probability of the true class, so that well-classified samples weigh less; with <see cref="ApplyClassBalancing"/>
/// also weighted by α for class 1 and 1 − α for class 0. γ = 0 without balancing is <see cref="BinaryCrossentropy"/>.
/// Per-sample values are the mean over <see cref="Axis"/>. Keras defaults: α 0.25, γ 2, probabilities.
/// </summary>
public sealed class BinaryFocalCrossentropy : LabelSmoothingCrossentropy
{
    /// <summary>Creates the loss.</summary>
    /// <param name="applyClassBalancing">Weight class 1 by <paramref name="alpha"/> and class 0 by 1 − alpha.</param>
    /// <param name="alpha">The class-1 weight, in [0, 1] (used with class balancing).</param>
    /// <param name="gamma">The focusing exponent, ≥ 0.</param>
    /// <param name="fromLogits">True when predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]: targets move towards 0.5 by this fraction.</param>
    /// <param name="axis">The axis averaged into per-sample values.</param>
    /// <param name="reduction">How per-sample values are reduced.</param>
    /// <param name="name">The loss name.</param>
    public BinaryFocalCrossentropy(bool applyClassBalancing = false, double alpha = 0.25, double gamma = 2.0, bool fromLogits = false, double labelSmoothing = 0.0,
                                   int axis = -1, Reduction reduction = Reduction.SumOverBatchSize, string name = "binary_focal_crossentropy")
        : base(fromLogits, labelSmoothing, reduction, name)
    {
        ApplyClassBalancing = applyClassBalancing;
        (Alpha, Gamma) = FocalArguments(nameof(BinaryFocalCrossentropy), alpha, gamma);
        Axis = axis;
    }

    /// <summary>Whether classes are weighted by <see cref="Alpha"/>.</summary>
    public bool ApplyClassBalancing { get; }
    /// <summary>The class-1 weight (class 0 gets 1 − α).</summary>
    public double Alpha { get; }
    /// <summary>The focusing exponent.</summary>
    public double Gamma { get; }
    /// <summary>The axis averaged into per-sample values.</summary>
    public int Axis { get; }

    internal static (double Alpha, double Gamma) FocalArguments(string owner, double alpha, double gamma)
    {
        if (alpha is < 0 or > 1 || double.IsNaN(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"{owner}: alpha must be in [0, 1]; received {alpha}.");
        if (!(gamma >= 0) || !double.IsFinite(gamma))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"{owner}: gamma must be a finite number >= 0; received {gamma}.");
        return (alpha, gamma);
    }

    private protected override long SmoothingClasses(Tensor yPred) => 2;

    private protected override Tensor CrossEntropy(Tensor target, Tensor yPred)
    {
        var p = FromLogits ? yPred.sigmoid() : yPred;
        var clipped = p.clamp(Config.Epsilon, 1 - Config.Epsilon);
        var bce = -(target * clipped.log() + (1 - target) * (1 - clipped).log());
        // As Keras, the focal factor uses the unclipped probability.
        var pT = target * p + (1 - target) * (1 - p);
        var focal = (1 - pT).pow(Gamma) * bce;
        if (ApplyClassBalancing) focal = (target * Alpha + (1 - target) * (1 - Alpha)) * focal;
        return focal.mean(new long[] { Axis });
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        config["apply_class_balancing"] = ApplyClassBalancing;
        config["alpha"] = Alpha;
        config["gamma"] = Gamma;
        return config;
    }
}
