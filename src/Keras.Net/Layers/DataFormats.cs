
namespace KerasNet.Layers;

/// <summary>Channels-first/last handling shared by image layers: libtorch's kernels want (batch, channels, spatial...).</summary>
internal static class DataFormats
{
    /// <summary>The layer's format: its own argument, else the global <see cref="Config.ImageDataFormat"/>.</summary>
    internal static ImageDataFormat Resolve(string? dataFormat) => dataFormat is null ? Config.ImageDataFormat : Config.ParseDataFormat(dataFormat);

    /// <summary>
    /// The format of a layer with <paramref name="spatialRank"/> spatial axes: sequences (one spatial axis) are
    /// (batch, steps, features) unless the layer is told otherwise, whatever <see cref="Config.ImageDataFormat"/> says,
    /// as in Keras and batch-first PyTorch; images follow <see cref="Resolve(string?)"/>.
    /// </summary>
    internal static ImageDataFormat Resolve(string? dataFormat, int spatialRank) =>
        spatialRank == 1 && dataFormat is null ? ImageDataFormat.ChannelsLast : Resolve(dataFormat);

    /// <summary>The Keras spelling, for configs.</summary>
    internal static string Name(ImageDataFormat format) => format == ImageDataFormat.ChannelsFirst ? "channels_first" : "channels_last";

    /// <summary>(batch, spatial..., channels) to (batch, channels, spatial...) when channels-last.</summary>
    internal static Tensor ToChannelsFirst(Tensor x, ImageDataFormat format)
    {
        if (format == ImageDataFormat.ChannelsFirst) return x;
        var rank = x.dim();
        var order = new long[rank];
        order[0] = 0;
        order[1] = rank - 1;
        for (var i = 2; i < rank; i++) order[i] = i - 1;
        return x.permute(order);
    }

    /// <summary>(batch, channels, spatial...) back to (batch, spatial..., channels) when channels-last.</summary>
    internal static Tensor FromChannelsFirst(Tensor x, ImageDataFormat format)
    {
        if (format == ImageDataFormat.ChannelsFirst) return x;
        var rank = x.dim();
        var order = new long[rank];
        order[0] = 0;
        for (var i = 1; i < rank - 1; i++) order[i] = i + 1;
        order[rank - 1] = 1;
        return x.permute(order);
    }

    /// <summary>The channel axis of a shape of <paramref name="rank"/> axes.</summary>
    internal static int ChannelAxis(ImageDataFormat format, int rank) => format == ImageDataFormat.ChannelsFirst ? 1 : rank - 1;

    /// <summary>The spatial sizes of a shape.</summary>
    internal static long?[] Spatial(TensorShape shape, ImageDataFormat format) =>
        format == ImageDataFormat.ChannelsFirst ? shape.Dims.Skip(2).ToArray() : shape.Dims.Skip(1).Take(shape.Rank - 2).ToArray();

    /// <summary>A shape from batch, channels and spatial sizes in the given format.</summary>
    internal static TensorShape Compose(long? batch, long? channels, IEnumerable<long?> spatial, ImageDataFormat format)
    {
        var dims = new List<long?> { batch };
        if (format == ImageDataFormat.ChannelsFirst) dims.Add(channels);
        dims.AddRange(spatial);
        if (format == ImageDataFormat.ChannelsLast) dims.Add(channels);
        return new TensorShape(dims.ToArray());
    }

    /// <summary>Describes the layout for error messages, e.g. (batch, channels, height, width).</summary>
    internal static string Describe(int spatialRank, ImageDataFormat format)
    {
        var spatial = spatialRank switch { 1 => "steps", 2 => "height, width", _ => "depth, height, width" };
        return format == ImageDataFormat.ChannelsFirst ? $"(batch, channels, {spatial})" : $"(batch, {spatial}, channels)";
    }
}

/// <summary>Output sizes and Keras's "same" padding for convolutions and pooling.</summary>
internal static class Padding
{
    /// <summary>Parses "valid", "same" (and "causal" where allowed).</summary>
    internal static string Check(string padding, string layer, bool allowCausal = false)
    {
        var p = padding.ToLowerInvariant();
        if (p is "valid" or "same" || (allowCausal && p == "causal")) return p;
        throw new ArgumentException($"{layer}: padding must be 'valid' or 'same'{(allowCausal ? " or 'causal'" : "")}; received '{padding}'.", nameof(padding));
    }

    /// <summary>The output length along one axis.</summary>
    internal static long? OutputLength(long? input, long kernel, long stride, long dilation, string padding)
    {
        if (input is not { } n) return null;
        var effective = (kernel - 1) * dilation + 1;
        return padding == "valid" ? Math.Max(0, (n - effective) / stride + 1) : (n + stride - 1) / stride;
    }

    /// <summary>
    /// Keras's "same" padding for one axis: total = max((ceil(n / s) - 1) · s + effective kernel − n, 0), with the
    /// extra element after (bottom/right), as TensorFlow does.
    /// </summary>
    internal static (long Before, long After) Same(long input, long kernel, long stride, long dilation)
    {
        var effective = (kernel - 1) * dilation + 1;
        var output = (input + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + effective - input, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>The argument of F.pad for channels-first spatial axes (last axis first).</summary>
    internal static long[] PadArgument(IReadOnlyList<(long Before, long After)> perAxis)
    {
        var pad = new long[perAxis.Count * 2];
        for (var i = 0; i < perAxis.Count; i++)
        {
            var (before, after) = perAxis[perAxis.Count - 1 - i];
            pad[2 * i] = before;
            pad[2 * i + 1] = after;
        }
        return pad;
    }
}
