
namespace KerasNet.Layers;

/// <summary>
/// The shared anatomy of the image preprocessing layers: input of rank 4 (a batch) or 3 (one image) in the layer's
/// data format, math done channels-first on float32, and a per-layer generator when a seed is given (so that the
/// sequence of random draws is reproducible, as Keras's seed generator).
/// </summary>
public abstract class ImagePreprocessingLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    protected ImagePreprocessingLayer(string? dataFormat, int? seed, string? name, bool trainable) : base(name, trainable)
    {
        Format = DataFormats.Resolve(dataFormat);
        formatFromSetting = dataFormat is null;
        Seed = seed;
    }

    /// <summary>True when no dataFormat was given: a clearly mismatched first batch of images is refused (<see cref="ImageLayout"/>).</summary>
    private readonly bool formatFromSetting;

    /// <summary>The layout of the images.</summary>
    public ImageDataFormat Format { get; }

    /// <summary>The seed of the random draws, if any.</summary>
    public int? Seed { get; }

    /// <summary>The generator of this layer's draws (null: libtorch's global generator).</summary>
    protected Generator? Generator => SeedGenerator(Seed);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank is not (3 or 4))
            throw ShapeError($"input of rank 4 {DataFormats.Describe(2, Format)} or rank 3 (one image)", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
    }

    /// <summary>Refuses images whose channel axis (in the layer's format) is known and is not 3 (the color layers need RGB).</summary>
    private protected void RequireRgb(TensorShape inputShape)
    {
        var axis = inputShape.Rank == 4 ? DataFormats.ChannelAxis(Format, 4) : (Format == ImageDataFormat.ChannelsFirst ? 0 : 2);
        if (inputShape[axis] is { } c && c != 3)
            throw ShapeError($"RGB images with 3 channels {DataFormats.Describe(2, Format)}", inputShape,
                inputShape[-1] == 3 && Format == ImageDataFormat.ChannelsFirst ? "The input looks channels-last: pass dataFormat: \"channels_last\"." : null);
    }

    /// <summary>Transforms a (batch, channels, height, width) float32 tensor; <paramref name="training"/> is the call's mode.</summary>
    protected abstract Tensor Transform(Tensor images, bool training);

    /// <summary>This layer's transform of channels-first images, for a layer that composes others (RandomColorJitter).</summary>
    internal Tensor TransformChannelsFirst(Tensor images, bool training) => IsIdentity(training) ? images.alias() : Transform(images, training);

    /// <summary>Whether the layer leaves its input unchanged in this mode (skips the layout round trip).</summary>
    protected virtual bool IsIdentity(bool training) => false;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (IsIdentity(context.Training)) return inputs.alias();
        using var scope = torch.NewDisposeScope();
        var single = inputs.dim() == 3;
        var x = single ? inputs.unsqueeze(0) : inputs;
        x = DataFormats.ToChannelsFirst(x, Format);
        if (!x.is_floating_point()) x = x.to(ScalarType.Float32);
        var y = DataFormats.FromChannelsFirst(Transform(x, context.Training), Format);
        if (single) y = y.squeeze(0);
        return y.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>(height, width) of a shape in the layer's format, for rank 3 or 4.</summary>
    protected (long? Height, long? Width) SpatialOf(TensorShape shape)
    {
        var batched = shape.Rank == 4 ? shape : new TensorShape(new long?[] { null }.Concat(shape.Dims).ToArray());
        var spatial = DataFormats.Spatial(batched, Format);
        return (spatial[0], spatial[1]);
    }

    /// <summary>The shape with (height, width) replaced, for rank 3 or 4.</summary>
    protected TensorShape WithSpatial(TensorShape shape, long? height, long? width)
    {
        var batched = shape.Rank == 4;
        var full = batched ? shape : new TensorShape(new long?[] { null }.Concat(shape.Dims).ToArray());
        var channels = full[DataFormats.ChannelAxis(Format, 4)];
        var result = DataFormats.Compose(full[0], channels, new[] { height, width }, Format);
        return batched ? result : result.WithoutBatch();
    }

    /// <summary>Uniform draws in [low, high), one per image.</summary>
    protected float[] Uniform(long count, double low, double high)
    {
        using var u = torch.rand(new long[] { count }, generator: Generator);
        return u.data<float>().Select(v => (float)(low + v * (high - low))).ToArray();
    }

    /// <summary>
    /// The range (lower, upper) of a Keras factor bounded by [0, <paramref name="max"/>]: a single value f means
    /// [0, f], as Keras's RandomHue, RandomSaturation, RandomSharpness and RandomErasing read it.
    /// </summary>
    private protected static (double Lower, double Upper) FactorRange(string layer, double factor, double? factorLower, double max = 1)
    {
        var lower = factorLower ?? 0;
        if (!(lower >= 0 && factor <= max && lower <= factor))
            throw new ArgumentOutOfRangeException(factorLower is null ? nameof(factor) : nameof(factorLower),
                $"{layer}: factor must be in [0, {max}] and factorLower (default 0) in [0, factor]; received factor {factor}, factorLower {factorLower?.ToString() ?? "null"}.");
        return (lower, factor);
    }

    /// <summary>Adds the layout and seed to a config.</summary>
    protected Dictionary<string, object?> WithFormatAndSeed(Dictionary<string, object?> config, bool seed = true)
    {
        config["data_format"] = DataFormats.Name(Format);
        if (seed) config["seed"] = Seed;
        return config;
    }

    /// <summary>Checks the output (height, width) of Resizing, CenterCrop and RandomCrop.</summary>
    private protected static (long Height, long Width) CheckTargetSize(string layer, long height, long width) =>
        height >= 1 && width >= 1 ? (height, width)
        : throw new ArgumentOutOfRangeException(nameof(height), $"{layer}: height and width must be at least 1; received {height} x {width}.");

    /// <summary>Adds the output (height, width) of Resizing, CenterCrop and RandomCrop to a config.</summary>
    private protected static Dictionary<string, object?> WithTargetSize(Dictionary<string, object?> config, long height, long width)
    {
        config["height"] = height;
        config["width"] = width;
        return config;
    }

    /// <summary>Adds the factor, lower factor and value range of RandomBrightness and RandomContrast, the layout and the seed to a config.</summary>
    private protected Dictionary<string, object?> WithFactorAndValueRange(Dictionary<string, object?> config, double factor, double? factorLower, double[] valueRange)
    {
        config["factor"] = factor;
        config["factor_lower"] = factorLower;
        config["value_range"] = valueRange;
        return WithFormatAndSeed(config);
    }

    // ---- shared image math (channels-first float32) ----

    /// <summary>Checks a Keras fill mode and interpolation, naming the layer.</summary>
    internal static void CheckFill(string layer, string fillMode, string interpolation)
    {
        if (fillMode is not ("reflect" or "constant" or "nearest"))
            throw new ArgumentException(
                $"{layer}: fillMode must be 'reflect', 'constant' or 'nearest' ('wrap' is not supported); received '{fillMode}'.", nameof(fillMode));
        if (interpolation is not ("bilinear" or "nearest"))
            throw new ArgumentException($"{layer}: interpolation must be 'bilinear' or 'nearest'; received '{interpolation}'.", nameof(interpolation));
    }

    /// <summary>
    /// Samples each image through its own 2x3 output→input affine map (normalized coordinates, x right, y down),
    /// filling outside the image as Keras's fill modes: reflect, constant (with <paramref name="fillValue"/>), nearest.
    /// </summary>
    internal static Tensor Warp(Tensor x, float[] thetas, string interpolation, string fillMode, double fillValue)
    {
        var n = x.size(0);
        using var theta = torch.tensor(thetas, new long[] { n, 2, 3 }).to(x.dtype);
        using var grid = F.affine_grid(theta, x.shape);
        if (fillMode == "reflect") return F.grid_sample(x, grid, TorchModes.GridSample(interpolation), torch.GridSamplePaddingMode.Reflection, align_corners: false);
        if (fillMode == "nearest") return F.grid_sample(x, grid, TorchModes.GridSample(interpolation), torch.GridSamplePaddingMode.Border, align_corners: false);
        if (fillValue == 0) return F.grid_sample(x, grid, TorchModes.GridSample(interpolation), torch.GridSamplePaddingMode.Zeros, align_corners: false);
        using var shifted = x - fillValue;
        using var sampled = F.grid_sample(shifted, grid, TorchModes.GridSample(interpolation), torch.GridSamplePaddingMode.Zeros, align_corners: false);
        return sampled + fillValue;
    }

    /// <summary>Resizes (batch, channels, h, w) to (height, width): bilinear (half-pixel centres, no antialiasing) or nearest.</summary>
    internal static Tensor Resize(Tensor x, long height, long width, string interpolation)
    {
        if (x.size(2) == height && x.size(3) == width) return x.alias();
        return interpolation == "nearest"
            ? F.interpolate(x, new long[] { height, width }, mode: torch.InterpolationMode.Nearest)
            : F.interpolate(x, new long[] { height, width }, mode: torch.InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>Keras's smart resize: the largest centred window with the target aspect ratio, resized to (height, width).</summary>
    internal static Tensor SmartResize(Tensor x, long height, long width, string interpolation)
    {
        long h = x.size(2), w = x.size(3);
        var cropH = Math.Min(h, (long)((double)w * height / width));
        var cropW = Math.Min(w, (long)((double)h * width / height));
        using var rows = x.narrow(2, (h - cropH) / 2, cropH);
        using var crop = rows.narrow(3, (w - cropW) / 2, cropW);
        return Resize(crop, height, width, interpolation);
    }
}
