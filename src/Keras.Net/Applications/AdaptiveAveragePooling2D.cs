
namespace KerasNet.Applications;

/// <summary>
/// Average pooling to a fixed output size whatever the input size (PyTorch's AdaptiveAvgPool2d), on channels-first
/// feature maps; torchvision's VGG pools to 7x7 before its classifier.
/// </summary>
public sealed class AdaptiveAveragePooling2D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">The output height and width.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AdaptiveAveragePooling2D(long outputSize, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (outputSize < 1) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "AdaptiveAveragePooling2D: outputSize must be positive.");
        OutputSize = outputSize;
    }

    /// <summary>The output height and width.</summary>
    public long OutputSize { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4) throw ShapeError("input of rank 4 (batch, channels, height, width)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => F.adaptive_avg_pool2d(inputs, OutputSize);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], inputShape[1], OutputSize, OutputSize);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["output_size"] = OutputSize;
        return config;
    }
}
