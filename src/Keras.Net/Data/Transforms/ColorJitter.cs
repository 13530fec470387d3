
namespace KerasNet.Data.Transforms;

/// <summary>
/// Randomly changes brightness, contrast, saturation and hue, in a random order, as torchvision's
/// <c>ColorJitter</c> on RGB tensors: each factor is drawn uniformly from [max(0, 1 − x), 1 + x] (hue: a shift in
/// [−hue, hue] of the colour wheel, hue ≤ 0.5); 0 leaves that property alone. Brightness, contrast and saturation
/// blend the image with black, its mean gray level and its grayscale version.
/// </summary>
public sealed class ColorJitter : ITransform
{
    /// <summary>Creates the transform.</summary>
    public ColorJitter(double brightness = 0, double contrast = 0, double saturation = 0, double hue = 0)
    {
        Brightness = brightness >= 0 ? brightness : throw new ArgumentOutOfRangeException(nameof(brightness), brightness, "ColorJitter: brightness must be 0 or more.");
        Contrast = contrast >= 0 ? contrast : throw new ArgumentOutOfRangeException(nameof(contrast), contrast, "ColorJitter: contrast must be 0 or more.");
        Saturation = saturation >= 0 ? saturation : throw new ArgumentOutOfRangeException(nameof(saturation), saturation, "ColorJitter: saturation must be 0 or more.");
        Hue = hue is >= 0 and <= 0.5 ? hue : throw new ArgumentOutOfRangeException(nameof(hue), hue, "ColorJitter: hue must be in [0, 0.5].");
    }

    /// <summary>The brightness jitter.</summary>
    public double Brightness { get; }
    /// <summary>The contrast jitter.</summary>
    public double Contrast { get; }
    /// <summary>The saturation jitter.</summary>
    public double Saturation { get; }
    /// <summary>The hue jitter (fraction of the colour wheel).</summary>
    public double Hue { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        ImageTensors.Size(image, "ColorJitter");
        var order = new[] { 0, 1, 2, 3 };
        for (var i = 3; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        double Factor(double x) => x == 0 ? 1 : Math.Max(0, 1 - x) + random.NextDouble() * (1 + x - Math.Max(0, 1 - x));
        double b = Factor(Brightness), c = Factor(Contrast), s = Factor(Saturation);
        var h = Hue == 0 ? 0 : -Hue + random.NextDouble() * 2 * Hue;
        if ((Saturation > 0 || Hue > 0 || Contrast > 0) && image.size(-3) != 3)
            throw new ArgumentException($"ColorJitter: contrast, saturation and hue need an RGB image (3 channels); received shape {Shape.Format(image.shape)}.", nameof(image));

        using var scope = torch.NewDisposeScope();
        var bound = ImageTensors.Bound(image);
        var x = image;
        foreach (var op in order)
        {
            x = op switch
            {
                0 when Brightness > 0 => Blend(x, null, b, bound),
                1 when Contrast > 0 => Blend(x, Gray(x).to(ScalarType.Float32).mean(new long[] { -3, -2, -1 }, keepdim: true), c, bound),
                2 when Saturation > 0 => Blend(x, Gray(x), s, bound),
                3 when Hue > 0 => ShiftHue(x, h),
                _ => x,
            };
        }
        return (ReferenceEquals(x, image) ? image.alias() : x).MoveToOuterDisposeScope();
    }

    /// <summary>ratio · image + (1 − ratio) · other, clamped to the pixel range, in the image's dtype (uint8 truncates, as torchvision).</summary>
    private static Tensor Blend(Tensor image, Tensor? other, double ratio, double bound)
    {
        var floating = image.to(ScalarType.Float32);
        var mixed = other is null ? floating * ratio : floating * ratio + other.to(ScalarType.Float32) * (1 - ratio);
        return mixed.clamp(0, bound).to(image.dtype);
    }

    /// <summary>Luminance 0.2989 R + 0.587 G + 0.114 B (one channel, in the image's dtype).</summary>
    private static Tensor Gray(Tensor image)
    {
        var f = image.to(ScalarType.Float32);
        var gray = f.narrow(-3, 0, 1) * 0.2989 + f.narrow(-3, 1, 1) * 0.587 + f.narrow(-3, 2, 1) * 0.114;
        return gray.to(image.dtype);
    }

    /// <summary>Rotates the hue by <paramref name="shift"/> turns through HSV.</summary>
    private static Tensor ShiftHue(Tensor image, double shift)
    {
        var isInt = !image.is_floating_point();
        var x = isInt ? image.to(ScalarType.Float32) / 255.0 : image;
        Tensor r = x.narrow(-3, 0, 1), g = x.narrow(-3, 1, 1), b = x.narrow(-3, 2, 1);
        var maxc = x.amax(new long[] { -3 }, keepdim: true);
        var minc = x.amin(new long[] { -3 }, keepdim: true);
        var equal = maxc.eq(minc);
        var chroma = maxc - minc;
        var ones = torch.ones_like(maxc);
        var s = chroma / torch.where(equal, ones, maxc);
        var divisor = torch.where(equal, ones, chroma);
        Tensor rc = (maxc - r) / divisor, gc = (maxc - g) / divisor, bc = (maxc - b) / divisor;
        var isR = maxc.eq(r);
        var isG = maxc.eq(g).logical_and(isR.logical_not());
        var isB = isR.logical_not().logical_and(maxc.eq(g).logical_not());
        var hue = isR.to(x.dtype) * (bc - gc) + isG.to(x.dtype) * (rc - bc + 2.0) + isB.to(x.dtype) * (gc - rc + 4.0);
        hue = (hue / 6.0 + 1.0).remainder(1.0);
        hue = (hue + shift).remainder(1.0);

        var v = maxc;
        var sector = (hue * 6.0).floor();
        var f = hue * 6.0 - sector;
        var p = (v * (1.0 - s)).clamp(0.0, 1.0);
        var q = (v * (1.0 - s * f)).clamp(0.0, 1.0);
        var t = (v * (1.0 - s * (1.0 - f))).clamp(0.0, 1.0);
        var index = sector.remainder(6.0);
        Tensor Pick(params Tensor[] values)
        {
            Tensor? sum = null;
            for (var k = 0; k < 6; k++)
            {
                var term = index.eq(k).to(x.dtype) * values[k];
                sum = sum is null ? term : sum + term;
            }
            return sum!;
        }
        var rgb = torch.cat(new[] { Pick(v, q, p, p, t, v), Pick(t, v, v, q, p, p), Pick(p, p, t, v, v, q) }, -3);
        return isInt ? (rgb * 255.0).to(image.dtype) : rgb;
    }
}
