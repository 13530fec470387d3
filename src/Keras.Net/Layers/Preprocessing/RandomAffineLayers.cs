
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
        FillMode = fillMode;
        Interpolation = interpolation;
        FillValue = fillValue;
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
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["fill_mode"] = FillMode;
        config["interpolation"] = Interpolation;
        config["fill_value"] = FillValue;
        return WithFormatAndSeed(config);
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

/// <summary>
/// Rotates each image by a random angle during training, as Keras's <c>RandomRotation</c>: the angle is drawn from
/// [lower, upper] · 2π (factor f alone means [−f, f]); positive angles turn counter-clockwise.
/// </summary>
public sealed class RandomRotation : RandomAffineLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="factor">The upper bound of the angle as a fraction of a full turn (0.1 = 36°); alone, the range is [−factor, factor].</param>
    /// <param name="factorLower">The lower bound, when the range is not symmetric.</param>
    /// <param name="fillMode">"reflect", "constant" or "nearest".</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="fillValue">The value of "constant" filling.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last" (default: the global setting).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Unused (no weights).</param>
    public RandomRotation(double factor, double? factorLower = null, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null,
                          double fillValue = 0.0, string? dataFormat = null, string? name = null, bool trainable = true)
        : base("RandomRotation", fillMode, interpolation, fillValue, seed, dataFormat, name, trainable)
    {
        Factor = factor;
        FactorLower = factorLower;
        (Lower, Upper) = Range("RandomRotation", nameof(factor), factor, factorLower);
    }

    /// <summary>The factor as given.</summary>
    public double Factor { get; }
    /// <summary>The lower factor, if given.</summary>
    public double? FactorLower { get; }
    private double Lower { get; }
    private double Upper { get; }

    /// <inheritdoc/>
    protected override float[] Maps(long count, long height, long width)
    {
        var turns = Uniform(count, Lower, Upper);
        var maps = new float[count * 6];
        for (var i = 0; i < count; i++)
        {
            var angle = turns[i] * 2 * Math.PI;
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            maps[i * 6] = (float)cos;
            maps[i * 6 + 1] = (float)(-sin * height / width);
            maps[i * 6 + 3] = (float)(sin * width / height);
            maps[i * 6 + 4] = (float)cos;
        }
        return maps;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["factor"] = Factor;
        config["factor_lower"] = FactorLower;
        return config;
    }
}

/// <summary>
/// Zooms each image in or out by a random factor during training, as Keras's <c>RandomZoom</c>: the zoom is
/// 1 + u with u in [lower, upper] (positive zooms out, negative zooms in); without a width factor, both directions
/// share the height's zoom, keeping the aspect ratio.
/// </summary>
public sealed class RandomZoom : RandomAffineLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomZoom(double heightFactor, double? widthFactor = null, double? heightFactorLower = null, double? widthFactorLower = null,
                      string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0.0,
                      string? dataFormat = null, string? name = null, bool trainable = true)
        : base("RandomZoom", fillMode, interpolation, fillValue, seed, dataFormat, name, trainable)
    {
        HeightFactor = heightFactor;
        WidthFactor = widthFactor;
        HeightFactorLower = heightFactorLower;
        WidthFactorLower = widthFactorLower;
        heightRange = Range("RandomZoom", nameof(heightFactor), heightFactor, heightFactorLower);
        if (widthFactor is { } w) widthRange = Range("RandomZoom", nameof(widthFactor), w, widthFactorLower);
        if (heightRange.Lower < -1 || (widthRange?.Lower ?? 0) < -1)
            throw new ArgumentOutOfRangeException(nameof(heightFactor), "RandomZoom: factors must not go below -1 (a zoom of 0).");
    }

    private readonly (double Lower, double Upper) heightRange;
    private readonly (double Lower, double Upper)? widthRange;

    /// <summary>The height factor as given.</summary>
    public double HeightFactor { get; }
    /// <summary>The width factor as given (null: the height's zoom).</summary>
    public double? WidthFactor { get; }
    /// <summary>The lower height factor, if given.</summary>
    public double? HeightFactorLower { get; }
    /// <summary>The lower width factor, if given.</summary>
    public double? WidthFactorLower { get; }

    /// <inheritdoc/>
    protected override float[] Maps(long count, long height, long width)
    {
        var zh = Uniform(count, heightRange.Lower, heightRange.Upper);
        var zw = widthRange is { } r ? Uniform(count, r.Lower, r.Upper) : zh;
        var maps = new float[count * 6];
        for (var i = 0; i < count; i++)
        {
            maps[i * 6] = 1 + zw[i];
            maps[i * 6 + 4] = 1 + zh[i];
        }
        return maps;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["height_factor"] = HeightFactor;
        config["width_factor"] = WidthFactor;
        config["height_factor_lower"] = HeightFactorLower;
        config["width_factor_lower"] = WidthFactorLower;
        return config;
    }
}

/// <summary>
/// Shifts each image by a random fraction of its height and width during training, as Keras's
/// <c>RandomTranslation</c> (positive shifts move the content down and right).
/// </summary>
public sealed class RandomTranslation : RandomAffineLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomTranslation(double heightFactor, double widthFactor, double? heightFactorLower = null, double? widthFactorLower = null,
                             string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0.0,
                             string? dataFormat = null, string? name = null, bool trainable = true)
        : base("RandomTranslation", fillMode, interpolation, fillValue, seed, dataFormat, name, trainable)
    {
        HeightFactor = heightFactor;
        WidthFactor = widthFactor;
        HeightFactorLower = heightFactorLower;
        WidthFactorLower = widthFactorLower;
        heightRange = Range("RandomTranslation", nameof(heightFactor), heightFactor, heightFactorLower);
        widthRange = Range("RandomTranslation", nameof(widthFactor), widthFactor, widthFactorLower);
    }

    private readonly (double Lower, double Upper) heightRange;
    private readonly (double Lower, double Upper) widthRange;

    /// <summary>The height factor as given.</summary>
    public double HeightFactor { get; }
    /// <summary>The width factor as given.</summary>
    public double WidthFactor { get; }
    /// <summary>The lower height factor, if given.</summary>
    public double? HeightFactorLower { get; }
    /// <summary>The lower width factor, if given.</summary>
    public double? WidthFactorLower { get; }

    /// <inheritdoc/>
    protected override float[] Maps(long count, long height, long width)
    {
        var dy = Uniform(count, heightRange.Lower, heightRange.Upper);
        var dx = Uniform(count, widthRange.Lower, widthRange.Upper);
        var maps = new float[count * 6];
        for (var i = 0; i < count; i++)
        {
            // A shift by a fraction f of the size is 2f in normalized coordinates; output x reads input x − shift.
            maps[i * 6] = 1;
            maps[i * 6 + 2] = -2 * dx[i];
            maps[i * 6 + 4] = 1;
            maps[i * 6 + 5] = -2 * dy[i];
        }
        return maps;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["height_factor"] = HeightFactor;
        config["width_factor"] = WidthFactor;
        config["height_factor_lower"] = HeightFactorLower;
        config["width_factor_lower"] = WidthFactorLower;
        return config;
    }
}
