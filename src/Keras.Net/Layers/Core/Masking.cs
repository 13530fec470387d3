
namespace KerasNet.Layers;

/// <summary>
/// Masks the time steps whose features all equal <see cref="MaskValue"/>: such steps are zeroed in the output and
/// marked false in the mask it carries (input (batch, timesteps, features), as Keras).
/// </summary>
public sealed class Masking : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="maskValue">The value that marks a padded step.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for Keras's signature.</param>
    public Masking(double maskValue = 0.0, string? name = null, bool trainable = true) : base(name, trainable)
    {
        MaskValue = maskValue;
    }

    /// <summary>The value that marks a padded step.</summary>
    public double MaskValue { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 3)
            throw ShapeError("input of rank >= 3 (batch, timesteps, features)", inputShape,
                inputShape.Rank == 2 ? "A single feature per step needs a feature axis: x.unsqueeze(-1)." : null);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var keep = StepMask(inputs);
        using var weights = keep.unsqueeze(-1).to(inputs.dtype);
        return inputs * weights;
    }

    private Tensor StepMask(Tensor inputs) => inputs.ne(MaskValue).any(-1);

    /// <inheritdoc/>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => StepMask(inputs);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["mask_value"] = MaskValue;
        return config;
    }
}
