namespace KerasNet.Layers;

/// <summary>
/// Color-space math of the color augmentation layers on channels-first (batch, 3, height, width) images: pixels of a
/// value range mapped onto [0, 1] and back, and RGB ↔ HSV with hue in turns ([0, 1)), saturation and value in [0, 1].
/// Divisions use safe denominators so that gradients stay finite on any input.
/// </summary>
internal static class ColorMath
{
    private static readonly double[] HueOffsets = { 5, 3, 1 };

    /// <summary>Pixels of <paramref name="range"/> mapped onto [0, 1].</summary>
    internal static Tensor ToUnit(Tensor images, double[] range) =>
        range[0] == 0 && range[1] == 1 ? images.alias() : (images - range[0]) / (range[1] - range[0]);

    /// <summary>Pixels on [0, 1] mapped back onto <paramref name="range"/>.</summary>
    internal static Tensor FromUnit(Tensor images, double[] range) =>
        range[0] == 0 && range[1] == 1 ? images.alias() : images * (range[1] - range[0]) + range[0];

    /// <summary>RGB → HSV; a gray pixel has hue 0 and a black one saturation 0.</summary>
    internal static Tensor RgbToHsv(Tensor rgb)
    {
        var channel = new long[] { 1 };
        var (r, g, b) = (rgb.narrow(1, 0, 1), rgb.narrow(1, 1, 1), rgb.narrow(1, 2, 1));
        var max = rgb.amax(channel, keepdim: true);
        var chroma = max - rgb.amin(channel, keepdim: true);
        var colored = chroma > 0;
        var safeChroma = torch.where(colored, chroma, torch.ones_like(chroma));
        var saturation = torch.where(max > 0, chroma / torch.where(max > 0, max, torch.ones_like(max)), torch.zeros_like(max));
        // Sixths of a turn from red: the largest channel picks the sector (red first on ties, then green).
        var sixths = torch.where(max == r, (g - b) / safeChroma,
                     torch.where(max == g, (b - r) / safeChroma + 2, (r - g) / safeChroma + 4));
        var hue = torch.where(colored, sixths / 6, torch.zeros_like(sixths)).remainder(1.0);
        return torch.cat(new[] { hue, saturation, max }, 1);
    }

    /// <summary>HSV → RGB (any hue, taken modulo one turn).</summary>
    internal static Tensor HsvToRgb(Tensor hsv)
    {
        var (sextant, s, v) = (hsv.narrow(1, 0, 1) * 6, hsv.narrow(1, 1, 1), hsv.narrow(1, 2, 1));
        var channels = HueOffsets.Select(offset =>
        {
            var k = (sextant + offset).remainder(6.0);
            var ramp = torch.minimum(k, 4 - k).clamp(0, 1);
            return v - v * s * ramp;
        }).ToArray();
        return torch.cat(channels, 1);
    }
}
