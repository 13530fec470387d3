
namespace KerasNet.Data.Transforms;

/// <summary>
/// A tensor-in, tensor-out image transform, as torchvision's transforms on tensors. Images are (channels, height,
/// width) or batched (..., channels, height, width), uint8 (0..255) or floating point (0..1). Random transforms draw
/// their parameters only from the <see cref="Random"/> they are given (the loader's per-sample generator), so a
/// seed reproduces them. The result is a new tensor (or the input itself when nothing changes).
/// </summary>
public interface ITransform
{
    /// <summary>Transforms <paramref name="image"/>, drawing any random parameters from <paramref name="random"/>.</summary>
    Tensor Apply(Tensor image, Random random);
}
