namespace KerasNet.Layers;

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
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("factor", Factor), ("factor_lower", FactorLower));
}
