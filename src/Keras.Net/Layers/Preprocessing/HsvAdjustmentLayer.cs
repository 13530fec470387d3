namespace KerasNet.Layers;

/// <summary>
/// The shared part of the augmentation layers that change RGB images in HSV space (<see cref="RandomHue"/>,
/// <see cref="RandomSaturation"/>): a factor range in [0, 1], a pixel value range, RGB inputs, float32 compute under
/// mixed policies, and their config.
/// </summary>
public abstract class HsvAdjustmentLayer : ImagePreprocessingLayer
{
    // HSV conversion divides by each pixel's chroma, which magnifies half-precision rounding: computed in float32.
    internal override MixedPrecision.AutocastMode AutocastMode => MixedPrecision.AutocastMode.Float32;

    private protected HsvAdjustmentLayer(double factor, double? factorLower, double[]? valueRange, int? seed, string? dataFormat,
                                         string? name, bool trainable) : base(dataFormat, seed, name, trainable)
    {
        var layerName = GetType().Name;
        (Lower, _) = FactorRange(layerName, factor, factorLower);
        (Factor, FactorLower) = (factor, factorLower);
        ValueRange = RandomBrightness.CheckRange(layerName, valueRange);
    }

    /// <summary>The largest factor drawn.</summary>
    public double Factor { get; }
    /// <summary>The smallest factor drawn, if given (default 0).</summary>
    public double? FactorLower { get; }
    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }

    /// <summary>The smallest factor drawn, defaulted.</summary>
    private protected double Lower { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        base.ValidateInput(inputShape, inputCount);
        RequireRgb(inputShape);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => WithFactorAndValueRange(base.GetConfig(), Factor, FactorLower, ValueRange);
}
