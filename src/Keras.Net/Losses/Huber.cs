
namespace KerasNet.Losses;

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
