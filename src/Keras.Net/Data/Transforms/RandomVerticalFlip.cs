
namespace KerasNet.Data.Transforms;

/// <summary>Mirrors the image top–bottom with probability <see cref="RandomFlipTransform.P"/>, as torchvision's <c>RandomVerticalFlip</c>.</summary>
public sealed class RandomVerticalFlip : RandomFlipTransform
{
    /// <summary>Creates the transform.</summary>
    public RandomVerticalFlip(double p = 0.5) : base(p, axis: -2) { }
}
