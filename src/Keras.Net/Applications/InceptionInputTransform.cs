
namespace KerasNet.Applications;

/// <summary>
/// torchvision's <c>transform_input</c> of GoogLeNet and InceptionV3: maps images normalized with the ImageNet mean
/// and standard deviation (<see cref="ImageNet.PreprocessInput"/>) to the [-1, 1] scaling Google's weights were
/// trained on, channel by channel (x·std/0.5 + (mean − 0.5)/0.5). No weights.
/// </summary>
public sealed class InceptionInputTransform : Layer
{
    private static readonly double[] Mean = { 0.485, 0.456, 0.406 }, Std = { 0.229, 0.224, 0.225 };

    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public InceptionInputTransform(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4 || inputShape[1] != 3) throw ShapeError("RGB images of rank 4 (batch, 3, height, width)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var scale = torch.tensor(Std.Select(s => s / 0.5).ToArray(), dtype: inputs.dtype, device: inputs.device).reshape(1, 3, 1, 1);
        var shift = torch.tensor(Mean.Select(m => (m - 0.5) / 0.5).ToArray(), dtype: inputs.dtype, device: inputs.device).reshape(1, 3, 1, 1);
        return inputs.mul(scale).add(shift).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;
}
