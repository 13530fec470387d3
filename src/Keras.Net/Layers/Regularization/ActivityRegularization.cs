using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Passes its input through unchanged and adds a penalty on it to the model's loss (see <see cref="Layer.AddLoss"/>):
/// (l1 · Σ|x| + l2 · Σx²) / batch size, on every call, in training and in inference (so Evaluate's loss includes it,
/// as in Keras). Masks pass through.
/// </summary>
public sealed class ActivityRegularization : Layer
{
    private readonly L1L2 regularizer;

    /// <summary>Creates the layer.</summary>
    /// <param name="l1">The L1 factor (≥ 0; Keras's default 0).</param>
    /// <param name="l2">The L2 factor (≥ 0; Keras's default 0).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the layer is trainable (it has no weights).</param>
    public ActivityRegularization(double l1 = 0.0, double l2 = 0.0, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (!(l1 >= 0 && double.IsFinite(l1)) || !(l2 >= 0 && double.IsFinite(l2)))
            throw new ArgumentOutOfRangeException(l1 >= 0 && double.IsFinite(l1) ? nameof(l2) : nameof(l1),
                $"ActivityRegularization: l1 and l2 must be finite numbers >= 0; received l1={l1}, l2={l2}. Pass 0 to disable a term.");
        regularizer = new L1L2(l1, l2);
    }

    /// <summary>The L1 factor.</summary>
    public double L1 => regularizer.L1;

    /// <summary>The L2 factor.</summary>
    public double L2 => regularizer.L2;

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        // Keras divides by the batch size so that the strength does not depend on it; a scalar input has no batch.
        if (inputs.dim() > 0 && inputs.shape[0] > 0)
        {
            using var sum = regularizer.Call(inputs);
            AddLoss(sum / inputs.shape[0]);
        }
        else AddLoss(regularizer.Call(inputs));
        return inputs.alias();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("l1", L1), ("l2", L2));
}
