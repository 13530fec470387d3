namespace KerasNet.Layers;

/// <summary>
/// Shears each image by random amounts along x and y during training, as Keras's <c>RandomShear</c>. Output pixel
/// (x, y) (pixel indices, origin at the top-left pixel) reads the input at (x + sx·y, sy·x + y): a shear
/// about the top-left corner, not the centre. Each amount's magnitude is drawn from the factor's range and its sign
/// is flipped with probability ½ (so a factor f gives amounts in [−f, f]). Identity at inference.
/// </summary>
public sealed class RandomShear : RandomAffineLayer
{
    /// <summary>Creates the layer (Keras defaults: no shear, bilinear, reflect).</summary>
    /// <param name="xFactor">The upper bound of the x shear, in [0, 1] (0.3 moves a pixel by up to 0.3 pixel per row below the top); alone, the magnitude is drawn from [−xFactor, xFactor].</param>
    /// <param name="yFactor">The same for the y shear (pixels per column right of the left edge).</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="fillMode">"reflect", "constant" or "nearest" (Keras's "wrap" is not supported).</param>
    /// <param name="fillValue">The value of "constant" filling.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="xFactorLower">With <paramref name="xFactor"/>, a range [xFactorLower, xFactor] in [0, 1] (Keras's tuple form).</param>
    /// <param name="yFactorLower">With <paramref name="yFactor"/>, a range [yFactorLower, yFactor] in [0, 1].</param>
    /// <param name="dataFormat">"channels_first" or "channels_last" (default: <see cref="Config.ImageDataFormat"/>).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Unused (no weights).</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor outside [0, 1], or a lower bound above its upper bound.</exception>
    /// <exception cref="ArgumentException">An unknown fill mode or interpolation.</exception>
    public RandomShear(double xFactor = 0.0, double yFactor = 0.0, string interpolation = "bilinear", string fillMode = "reflect", double fillValue = 0.0,
                       int? seed = null, double? xFactorLower = null, double? yFactorLower = null, string? dataFormat = null, string? name = null,
                       bool trainable = true)
        : base("RandomShear", fillMode, interpolation, fillValue, seed, dataFormat, name, trainable)
    {
        (XFactor, YFactor, XFactorLower, YFactorLower) = (xFactor, yFactor, xFactorLower, yFactorLower);
        xRange = ShearRange(nameof(xFactor), xFactor, xFactorLower);
        yRange = ShearRange(nameof(yFactor), yFactor, yFactorLower);
    }

    private readonly (double Lower, double Upper) xRange;
    private readonly (double Lower, double Upper) yRange;

    /// <summary>The x factor as given.</summary>
    public double XFactor { get; }
    /// <summary>The y factor as given.</summary>
    public double YFactor { get; }
    /// <summary>The lower x factor, if given.</summary>
    public double? XFactorLower { get; }
    /// <summary>The lower y factor, if given.</summary>
    public double? YFactorLower { get; }

    private static (double Lower, double Upper) ShearRange(string argument, double factor, double? lower)
    {
        foreach (var value in lower is { } l ? new[] { factor, l } : new[] { factor })
            if (!(value is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(argument, value,
                    $"RandomShear: {argument} and its lower bound must be in [0, 1] (a fraction of a pixel per pixel); received {value}.");
        return RandomAffineLayer.Range("RandomShear", argument, factor, lower);
    }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => base.IsIdentity(training) || (xRange == (0, 0) && yRange == (0, 0));

    /// <inheritdoc/>
    protected override float[] Maps(long count, long height, long width)
    {
        // Keras's draw order: the sign, then y, then x.
        var flip = Uniform(count, 0, 1);
        var y = Uniform(count, yRange.Lower, yRange.Upper);
        var x = Uniform(count, xRange.Lower, xRange.Upper);
        var sx = new float[count];
        var sy = new float[count];
        for (var i = 0; i < count; i++)
        {
            var sign = flip[i] > 0.5f ? -1 : 1;
            (sx[i], sy[i]) = (sign * x[i], sign * y[i]);
        }
        return ShearMaps(sx, sy, height, width);
    }

    /// <summary>
    /// The normalized output→input maps of shears (sx, sy) in pixel units: with pixel index i ↔ normalized
    /// (2i + 1)/size − 1, x_in = x + sx·y becomes u_in = u + sx·(H/W)·v + sx·(H − 1)/W, and likewise for v.
    /// </summary>
    internal static float[] ShearMaps(float[] sx, float[] sy, long height, long width)
    {
        var maps = new float[sx.Length * 6];
        for (var i = 0; i < sx.Length; i++)
        {
            maps[i * 6] = 1;
            maps[i * 6 + 1] = (float)((double)sx[i] * height / width);
            maps[i * 6 + 2] = (float)((double)sx[i] * (height - 1) / width);
            maps[i * 6 + 3] = (float)((double)sy[i] * width / height);
            maps[i * 6 + 4] = 1;
            maps[i * 6 + 5] = (float)((double)sy[i] * (width - 1) / height);
        }
        return maps;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("x_factor", XFactor), ("y_factor", YFactor), ("x_factor_lower", XFactorLower), ("y_factor_lower", YFactorLower));
}
