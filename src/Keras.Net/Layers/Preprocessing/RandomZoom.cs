namespace KerasNet.Layers;

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
    public override Dictionary<string, object?> GetConfig() =>
        WithHeightAndWidthFactors(base.GetConfig(), HeightFactor, WidthFactor, HeightFactorLower, WidthFactorLower);
}
