using System.Globalization;

namespace KerasNet.Layers;

/// <summary>
/// The build-time check every image layer runs on its first input: an image that clearly has the other layout stops
/// the layer with a <see cref="DataFormatMismatchException"/> that teaches the fix, instead of a shape error further on
/// (Keras-style (28, 28, 1) images fed to channels-first layers read as 28 channels of 28x1 pixels).
/// </summary>
internal static class ImageLayout
{
    /// <summary>Channel counts of raw images: grey, RGB, RGBA.</summary>
    private static readonly long[] ImageChannels = { 1, 3, 4 };

    /// <summary>Below this many pixels a side, (3, 3, 1) or (1, 3, 3) could be either layout: such inputs pass.</summary>
    internal const long MinImageSide = 8;

    /// <summary>
    /// Raw images have sides of comparable size; a feature map read in the wrong layout usually does not (its channel
    /// count, 64 or 256, then passes for a side next to a small spatial one), so sides further apart than this pass.
    /// </summary>
    internal const long MaxAspectRatio = 4;

    /// <summary>
    /// Whether <paramref name="shape"/> (batch first, two or three spatial axes) clearly has the layout opposite to
    /// <paramref name="format"/>: read in the other layout, it has 1, 3 or 4 channels and sides larger than that, at
    /// least <see cref="MinImageSide"/> and within <see cref="MaxAspectRatio"/> of each other. Unknown sizes never
    /// look mismatched.
    /// </summary>
    internal static bool LooksLikeTheOtherLayout(TensorShape shape, ImageDataFormat format)
    {
        if (shape.Rank is not (4 or 5)) return false;
        var otherChannelAxis = format == ImageDataFormat.ChannelsFirst ? shape.Rank - 1 : 1;
        if (shape[otherChannelAxis] is not { } channels || !ImageChannels.Contains(channels)) return false;
        var sides = new List<long>();
        for (var axis = 1; axis < shape.Rank; axis++)
        {
            if (axis == otherChannelAxis) continue;
            if (shape[axis] is not { } side || side <= channels || side < MinImageSide) return false;
            sides.Add(side);
        }
        return sides.Max() <= MaxAspectRatio * sides.Min();
    }

    /// <summary>
    /// Throws when a layer that is not built yet, whose layout came from <see cref="Config.ImageDataFormat"/> (an explicit
    /// argument is the user's word and is not second-guessed), receives an input of the other layout.
    /// </summary>
    /// <param name="layer">The layer, for its class and name.</param>
    /// <param name="shape">The received shape.</param>
    /// <param name="format">The layout the layer expects.</param>
    /// <param name="fromGlobalSetting">True when the layout was not given to the layer.</param>
    /// <param name="keepArgument">The argument that keeps this layer's layout, e.g. <c>dataFormat: "channels_first"</c>; null for dataFormat.</param>
    internal static void CheckFirstInput(Layer layer, TensorShape shape, ImageDataFormat format, bool fromGlobalSetting, string? keepArgument = null)
    {
        if (!fromGlobalSetting || layer.Built || !LooksLikeTheOtherLayout(shape, format)) return;
        throw new DataFormatMismatchException(Message(layer, shape, format, keepArgument ?? $"dataFormat: \"{DataFormats.Name(format)}\""), shape, format);
    }

    private static string Message(Layer layer, TensorShape shape, ImageDataFormat format, string keepArgument)
    {
        var spatialRank = shape.Rank - 2;
        var other = format == ImageDataFormat.ChannelsFirst ? ImageDataFormat.ChannelsLast : ImageDataFormat.ChannelsFirst;
        var channels = shape[format == ImageDataFormat.ChannelsFirst ? -1 : 1]!.Value;
        var spatial = DataFormats.Spatial(shape, other).Select(d => d!.Value).ToArray();
        var sample = Format(format == ImageDataFormat.ChannelsFirst ? spatial.Prepend(channels) : spatial.Append(channels));
        var permutation = Format(format == ImageDataFormat.ChannelsFirst
            ? new long[] { 0, spatialRank + 1 }.Concat(Enumerable.Range(1, spatialRank).Select(i => (long)i))
            : new long[] { 0 }.Concat(Enumerable.Range(2, spatialRank).Select(i => (long)i)).Append(1));
        var settingFix = $"set Config.ImageDataFormat = ImageDataFormat.{other} before creating the layers";
        var unsqueeze = channels == 1 ? $"x.unsqueeze(1) turns (N, {Format(spatial)}) images into (N, {sample}); " : "";
        var dataFix = format == ImageDataFormat.ChannelsFirst
            ? $"keep {Name(format)} and give the model Keras.Input({sample}) with images in that layout ({unsqueeze}x.permute({permutation}) moves a last channel axis first)"
            : $"keep {Name(format)} and give the model Keras.Input({sample}) with images in that layout (x.permute({permutation}) moves the channel axis last)";
        return $"{layer.GetType().Name} '{layer.Name}' expects {Name(format)} input {DataFormats.Describe(spatialRank, format)} (from Config.ImageDataFormat); " +
               $"received shape {shape}, which looks {Name(other)} {DataFormats.Describe(spatialRank, other)} with {channels} channel{(channels == 1 ? "" : "s")}. " +
               $"Either {settingFix}, or {dataFix}. If the shape is right as it is, pass {keepArgument} to this layer.";
    }

    private static string Name(ImageDataFormat format) => format == ImageDataFormat.ChannelsFirst ? "channels-first" : "channels-last";

    private static string Format(IEnumerable<long> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
