
namespace KerasNet.Data.Transforms;

/// <summary>Mirrors the image left–right with probability <see cref="RandomFlipTransform.P"/>, as torchvision's <c>RandomHorizontalFlip</c>.</summary>
public sealed class RandomHorizontalFlip : RandomFlipTransform
{
    /// <summary>Creates the transform.</summary>
    public RandomHorizontalFlip(double p = 0.5) : base(p, axis: -1) { }
}
