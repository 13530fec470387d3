
namespace KerasNet.Data.Transforms;

/// <summary>Converts uint8 pixels (0..255) to float32 in [0, 1]; floating-point images are returned as they are (as torchvision's <c>ConvertImageDtype(torch.float)</c>).</summary>
public sealed class ToFloat : ITransform
{
    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dtype == ScalarType.Float32) return image.alias();
        if (image.is_floating_point()) return image.to(ScalarType.Float32);
        using var floating = image.to(ScalarType.Float32);
        return floating / 255.0;
    }
}
