namespace KerasNet.Layers;

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
    public override Dictionary<string, object?> GetConfig() =>
        WithHeightAndWidthFactors(base.GetConfig(), HeightFactor, WidthFactor, HeightFactorLower, WidthFactorLower);
}
