
namespace KerasNet.Layers;

/// <summary>
/// Fixed sinusoidal position encodings (Vaswani et al. 2017), as Keras-NLP's <c>SinePositionEncoding</c>: for
/// position p and feature i, <c>sin(p / w^(2⌊i/2⌋/d))</c> on even i and <c>cos(...)</c> on odd i, with w the
/// maximum wavelength and d the feature size; broadcast to the input's shape (batch, T, d). No weights; add the
/// result to the input.
/// </summary>
public sealed class SinePositionEncoding : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="maxWavelength">The longest wavelength, w (10000).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Kept for the layer contract (the layer has no weights).</param>
    public SinePositionEncoding(double maxWavelength = 10000, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (!(maxWavelength > 0) || double.IsInfinity(maxWavelength))
            throw new ArgumentOutOfRangeException(nameof(maxWavelength), maxWavelength, $"SinePositionEncoding: maxWavelength must be a positive number; received {maxWavelength}.");
        MaxWavelength = maxWavelength;
    }

    /// <summary>The longest wavelength.</summary>
    public double MaxWavelength { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 3 || inputShape[-1] is null)
            throw ShapeError("input of rank >= 3 (batch, sequence, features) with a known feature size", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        long length = inputs.size(-2), features = inputs.size(-1);
        using var scope = torch.NewDisposeScope();
        var dtype = inputs.dtype;
        var position = torch.arange(0, length, dtype, inputs.device);
        var index = torch.arange(0, features, ScalarType.Int64, inputs.device);
        var exponent = (index - index.remainder(2)).to(dtype) / (double)features;
        var timescales = torch.full(new[] { features }, 1.0 / MaxWavelength, dtype, inputs.device).pow(exponent);
        var angles = position.unsqueeze(1) * timescales.unsqueeze(0);
        var cosMask = index.remainder(2).to(dtype);
        var sinMask = 1.0 - cosMask;
        var encodings = angles.sin() * sinMask + angles.cos() * cosMask;
        return encodings.expand(inputs.shape).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["max_wavelength"] = MaxWavelength;
        return config;
    }
}
