namespace KerasNet.Layers;

/// <summary>
/// The layout of the 1-D layers added with the catalogue: sequences are (batch, steps, features) unless the layer is
/// given <c>dataFormat: "channels_first"</c>, whatever <see cref="Config.ImageDataFormat"/> says (DESIGN.md "Layouts").
/// </summary>
internal static class SequenceFormat
{
    /// <summary>The layer's own argument, else channels-last (steps first).</summary>
    internal static ImageDataFormat Resolve(string? dataFormat) => dataFormat is null ? ImageDataFormat.ChannelsLast : Config.ParseDataFormat(dataFormat);

    /// <summary>The argument to hand a sublayer or base class that would otherwise follow the image setting.</summary>
    internal static string Name(string? dataFormat) => DataFormats.Name(Resolve(dataFormat));
}
