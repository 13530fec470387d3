namespace KerasNet.Layers;

/// <summary>
/// Stretches each channel of each image to the full value range (Keras's <c>AutoContrast</c>): its darkest pixel
/// becomes the range's min and its brightest the max, linearly in between. A channel with a single value is left as it
/// is. Applied in training and at inference alike, as in Keras.
/// </summary>
public sealed class AutoContrast : ImagePreprocessingLayer
{
    // Stretching divides by each channel's (max - min), which magnifies the rounding of half-precision inputs (measured
    // under mixed_bfloat16: 0.33 beyond the tolerance on unit-scale data): the stretch is computed in float32.
    internal override MixedPrecision.AutocastMode AutocastMode => MixedPrecision.AutocastMode.Float32;

    /// <summary>Creates the layer.</summary>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AutoContrast(double[]? valueRange = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, null, name, trainable)
    {
        ValueRange = RandomBrightness.CheckRange("AutoContrast", valueRange);
    }

    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var dims = new long[] { 2, 3 };
        var low = images.amin(dims, keepdim: true);
        var high = images.amax(dims, keepdim: true);
        var span = high - low;
        var stretched = ((images - low) / span).clamp(0, 1) * (ValueRange[1] - ValueRange[0]) + ValueRange[0];
        return torch.where(span > 0, stretched, images);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("value_range", ValueRange)), seed: false);
}
