namespace KerasNet.Layers;

/// <summary>Repeats rows and columns (nearest) or interpolates (bilinear) by <see cref="Size"/>.</summary>
public sealed class UpSampling2D : SpatialLayer2D
{
    /// <summary>Creates the layer (Keras defaults: size 2, nearest).</summary>
    public UpSampling2D(Dims size = default, string? dataFormat = null, string interpolation = "nearest", string? name = null, bool trainable = true)
        : base(dataFormat, name, trainable)
    {
        Size = size.IsEmpty ? new long[] { 2, 2 } : size.Expand(2, nameof(size), "UpSampling2D");
        Interpolation = interpolation is "nearest" or "bilinear"
            ? interpolation
            : throw new ArgumentException($"UpSampling2D: interpolation must be 'nearest' or 'bilinear'; received '{interpolation}'.", nameof(interpolation));
    }

    /// <summary>(rows, columns) factors.</summary>
    public long[] Size { get; }
    /// <summary>"nearest" or "bilinear".</summary>
    public string Interpolation { get; }

    /// <inheritdoc/>
    protected override Tensor CallChannelsFirst(Tensor x) =>
        F.interpolate(x, size: new[] { x.size(2) * Size[0], x.size(3) * Size[1] }, mode: TorchModes.Interpolation(Interpolation), align_corners: Interpolation == "bilinear" ? false : null);

    /// <inheritdoc/>
    protected override (long? Height, long? Width) OutputSize(long? height, long? width) => (height * Size[0], width * Size[1]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["size"] = Size;
        config["interpolation"] = Interpolation;
        return config;
    }
}
