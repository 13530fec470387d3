namespace KerasNet;

/// <summary>Global settings, as Keras's <c>keras.config</c>.</summary>
public static class Config
{
    private static ImageDataFormat imageDataFormat = ImageDataFormat.ChannelsFirst;
    private static double epsilon = 1e-7;
    private static MixedPrecision.DTypePolicy dtypePolicy = MixedPrecision.DTypePolicy.Float32;

    /// <summary>
    /// The layout used by image layers and loaders that are not given one. Defaults to channels-first, (batch, channels,
    /// height, width), libtorch's layout; set <see cref="ImageDataFormat.ChannelsLast"/> before creating the layers to run
    /// Keras scripts with (batch, height, width, channels) images unchanged. Sequence (1D) layers are (batch, steps,
    /// features) whatever this says. An image layer that relies on this setting and receives, at its first build, an
    /// image that clearly has the other layout (e.g. (None, 28, 28, 1) while channels-first) throws a
    /// <see cref="Layers.DataFormatMismatchException"/> that names the fixes.
    /// </summary>
    public static ImageDataFormat ImageDataFormat
    {
        get => imageDataFormat;
        set => imageDataFormat = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Expected ChannelsFirst or ChannelsLast.");
    }

    /// <summary>The fuzz factor used by losses and metrics to avoid division by zero (Keras's 1e-7).</summary>
    public static double Epsilon
    {
        get => epsilon;
        set => epsilon = value > 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Epsilon must be in (0, 1).");
    }

    /// <summary>
    /// The dtype policy that new layers take (Keras's <c>keras.config.dtype_policy()</c>); float32 unless set with
    /// <see cref="SetDtypePolicy(MixedPrecision.DTypePolicy)"/>.
    /// </summary>
    public static MixedPrecision.DTypePolicy DtypePolicy => dtypePolicy;

    /// <summary>
    /// Sets the dtype policy of the layers created from now on, as Keras's <c>keras.config.set_dtype_policy</c>:
    /// <c>Config.SetDtypePolicy("mixed_bfloat16")</c> keeps variables in float32 and computes in bfloat16. Layers that
    /// already exist keep theirs. See docs/MIXED_PRECISION.md.
    /// </summary>
    /// <param name="policy">A policy or its name: float32, mixed_bfloat16, mixed_float16, bfloat16, float16, float64.</param>
    public static void SetDtypePolicy(MixedPrecision.DTypePolicy policy) =>
        dtypePolicy = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>Parses "channels_first"/"channels_last" (Keras spelling) or the enum names.</summary>
    public static ImageDataFormat ParseDataFormat(string value) => value.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "channelsfirst" => ImageDataFormat.ChannelsFirst,
        "channelslast" => ImageDataFormat.ChannelsLast,
        _ => throw new ArgumentException($"Unknown data format '{value}'. Expected 'channels_first' or 'channels_last'.", nameof(value)),
    };
}
