namespace KerasNet.Layers;

/// <summary>
/// The random geometric layers (rotation, zoom, translation): each image gets its own affine map, sampled with
/// Keras's fill modes. Identity at inference.
/// </summary>
public abstract class RandomAffineLayer : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    protected RandomAffineLayer(string layer, string fillMode, string interpolation, double fillValue, int? seed, string? dataFormat, string? name, bool trainable)
        : base(dataFormat, seed, name, trainable)
    {
        CheckFill(layer, fillMode, interpolation);
        (FillMode, Interpolation, FillValue) = (fillMode, interpolation, fillValue);
    }

    /// <summary>How points outside the image are filled: "reflect", "constant" or "nearest".</summary>
    public string FillMode { get; }
    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }
    /// <summary>The value of "constant" filling.</summary>
    public double FillValue { get; }

    /// <summary>The 2x3 output→input maps (normalized coordinates), six values per image.</summary>
    protected abstract float[] Maps(long count, long height, long width);

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training) =>
        Warp(images, Maps(images.size(0), images.size(2), images.size(3)), Interpolation, FillMode, FillValue);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("fill_mode", FillMode), ("interpolation", Interpolation), ("fill_value", FillValue)));

    /// <summary>Adds the height and width factors of RandomZoom and RandomTranslation to a config.</summary>
    private protected static Dictionary<string, object?> WithHeightAndWidthFactors(Dictionary<string, object?> config, double heightFactor,
                                                                                 double? widthFactor, double? heightFactorLower, double? widthFactorLower)
    {
        config["height_factor"] = heightFactor;
        config["width_factor"] = widthFactor;
        config["height_factor_lower"] = heightFactorLower;
        config["width_factor_lower"] = widthFactorLower;
        return config;
    }

    /// <summary>The range (lower, upper) of a Keras factor: a single value f means (−f, f).</summary>
    internal static (double Lower, double Upper) Range(string layer, string argument, double factor, double? lower)
    {
        var range = (lower ?? -Math.Abs(factor), lower is null ? Math.Abs(factor) : factor);
        if (range.Item1 > range.Item2)
            throw new ArgumentOutOfRangeException(argument, $"{layer}: the lower bound {range.Item1} exceeds the upper bound {range.Item2}.");
        return range;
    }
}
