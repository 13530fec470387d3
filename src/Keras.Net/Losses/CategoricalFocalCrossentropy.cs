namespace KerasNet.Losses;

/// <summary>
/// Categorical cross-entropy with one-hot targets, each class term scaled by α·(1 − p)^γ (Lin et al., 2018), so that
/// confident, correct predictions weigh less. Probabilities are renormalized over <see cref="Axis"/> and clipped to
/// [ε, 1 − ε] as in <see cref="CategoricalCrossentropy"/>. Keras defaults: α 0.25, γ 2, probabilities.
/// </summary>
public sealed class CategoricalFocalCrossentropy : LabelSmoothingCrossentropy
{
    /// <summary>Creates the loss.</summary>
    /// <param name="alpha">The weighting factor, in [0, 1].</param>
    /// <param name="gamma">The focusing exponent, ≥ 0.</param>
    /// <param name="fromLogits">True when predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]: targets move towards the uniform distribution by this fraction.</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">How per-sample values are reduced.</param>
    /// <param name="name">The loss name.</param>
    public CategoricalFocalCrossentropy(double alpha = 0.25, double gamma = 2.0, bool fromLogits = false, double labelSmoothing = 0.0, int axis = -1,
                                        Reduction reduction = Reduction.SumOverBatchSize, string name = "categorical_focal_crossentropy")
        : base(fromLogits, labelSmoothing, reduction, name)
    {
        (Alpha, Gamma) = BinaryFocalCrossentropy.FocalArguments(nameof(CategoricalFocalCrossentropy), alpha, gamma);
        Axis = axis;
    }

    /// <summary>The weighting factor.</summary>
    public double Alpha { get; }
    /// <summary>The focusing exponent.</summary>
    public double Gamma { get; }
    /// <summary>The class axis.</summary>
    public int Axis { get; }

    private protected override long SmoothingClasses(Tensor yPred) => yPred.size(Axis);

    private protected override Tensor CrossEntropy(Tensor target, Tensor yPred)
    {
        var p = FromLogits ? F.softmax(yPred, Axis) : yPred;
        var output = (p / p.sum(Axis, keepdim: true)).clamp(Config.Epsilon, 1 - Config.Epsilon);
        var focal = (1 - output).pow(Gamma) * Alpha * (-target * output.log());
        return focal.sum(Axis);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        config["alpha"] = Alpha;
        config["gamma"] = Gamma;
        return config;
    }
}
