
namespace KerasNet.Losses;

/// <summary>A loss whose per-sample value is the mean, over the last axis, of an elementwise function of (y_true, y_pred).</summary>
public abstract class ElementwiseLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    protected ElementwiseLoss(string name, Reduction reduction) : base(name, reduction) { }

    /// <summary>The elementwise function.</summary>
    protected abstract Tensor Elementwise(Tensor yTrue, Tensor yPred);

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        var values = Elementwise(AsFloat(yTrue, yPred), yPred);
        return (values.dim() == 0 ? values : values.mean(TensorAxes.Last)).MoveToOuterDisposeScope();
    }
}

/// <summary>mean((y_pred - y_true)²) over the last axis.</summary>
public sealed class MeanSquaredError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanSquaredError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_squared_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (yPred - yTrue).square();
}

/// <summary>mean(|y_pred - y_true|) over the last axis.</summary>
public sealed class MeanAbsoluteError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanAbsoluteError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_absolute_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (yPred - yTrue).abs();
}

/// <summary>100 × mean(|(y_true - y_pred) / max(|y_true|, ε)|) over the last axis.</summary>
public sealed class MeanAbsolutePercentageError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanAbsolutePercentageError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_absolute_percentage_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => ((yTrue - yPred) / yTrue.abs().clamp(min: Config.Epsilon)).abs() * 100.0;
}

/// <summary>mean((log(max(y_pred, ε) + 1) - log(max(y_true, ε) + 1))²) over the last axis.</summary>
public sealed class MeanSquaredLogarithmicError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanSquaredLogarithmicError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_squared_logarithmic_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) =>
        ((yPred.clamp(min: Config.Epsilon) + 1.0).log() - (yTrue.clamp(min: Config.Epsilon) + 1.0).log()).square();
}

/// <summary>Quadratic for errors up to <see cref="Delta"/>, linear beyond.</summary>
public sealed class Huber : ElementwiseLoss
{
    /// <summary>Creates the loss (Keras default delta 1).</summary>
    public Huber(double delta = 1.0, Reduction reduction = Reduction.SumOverBatchSize, string name = "huber_loss") : base(name, reduction) =>
        Delta = delta > 0 ? delta : throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber: delta must be positive.");
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred)
    {
        var error = (yPred - yTrue).abs();
        return torch.where(error.le(Delta), error.square() * 0.5, error * Delta - 0.5 * Delta * Delta);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["delta"] = Delta;
        return config;
    }
}

/// <summary>log(cosh(y_pred - y_true)), computed stably.</summary>
public sealed class LogCosh : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public LogCosh(Reduction reduction = Reduction.SumOverBatchSize, string name = "log_cosh") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred)
    {
        var x = yPred - yTrue;
        return x + torch.nn.functional.softplus(x * -2.0) - Math.Log(2.0);
    }
}

/// <summary>max(1 - y_true·y_pred, 0) with labels in {-1, 1} (0/1 labels are converted).</summary>
public sealed class Hinge : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public Hinge(Reduction reduction = Reduction.SumOverBatchSize, string name = "hinge") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (1.0 - SignedLabels(yTrue) * yPred).clamp(min: 0.0);

    internal static Tensor SignedLabels(Tensor yTrue)
    {
        // Keras converts {0, 1} labels to {-1, 1}; labels already in {-1, 1} are kept.
        using var isBinary = yTrue.eq(0.0).logical_or(yTrue.eq(1.0)).all();
        return isBinary.item<bool>() ? yTrue * 2.0 - 1.0 : yTrue.alias();
    }
}

/// <summary>max(1 - y_true·y_pred, 0)² with labels in {-1, 1} (0/1 labels are converted).</summary>
public sealed class SquaredHinge : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public SquaredHinge(Reduction reduction = Reduction.SumOverBatchSize, string name = "squared_hinge") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (1.0 - Hinge.SignedLabels(yTrue) * yPred).clamp(min: 0.0).square();
}

/// <summary>y_pred - y_true·log(y_pred + ε), for count data.</summary>
public sealed class Poisson : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public Poisson(Reduction reduction = Reduction.SumOverBatchSize, string name = "poisson") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => yPred - yTrue * (yPred + Config.Epsilon).log();
}

/// <summary>sum(y_true·log(y_true / y_pred)) over the last axis, both clipped to [ε, 1].</summary>
public sealed class KLDivergence : Loss
{
    /// <summary>Creates the loss.</summary>
    public KLDivergence(Reduction reduction = Reduction.SumOverBatchSize, string name = "kl_divergence") : base(name, reduction) { }
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        var t = AsFloat(yTrue, yPred).clamp(Config.Epsilon, 1.0);
        var p = yPred.clamp(Config.Epsilon, 1.0);
        return (t * (t / p).log()).sum(-1).MoveToOuterDisposeScope();
    }
}

/// <summary>-sum(l2_normalize(y_true)·l2_normalize(y_pred)) over the last axis: -1 for identical directions.</summary>
public sealed class CosineSimilarity : Loss
{
    /// <summary>Creates the loss.</summary>
    public CosineSimilarity(int axis = -1, Reduction reduction = Reduction.SumOverBatchSize, string name = "cosine_similarity") : base(name, reduction) => Axis = axis;
    /// <summary>The axis along which similarity is computed.</summary>
    public int Axis { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        var t = torch.nn.functional.normalize(AsFloat(yTrue, yPred), dim: Axis);
        var p = torch.nn.functional.normalize(yPred, dim: Axis);
        return (-(t * p).sum(Axis)).MoveToOuterDisposeScope();
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
