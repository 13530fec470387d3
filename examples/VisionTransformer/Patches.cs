using KerasNet;
using KerasNet.Layers;
using static TorchSharp.torch;

/// <summary>
/// Cuts channels-first images (batch, channels, height, width) into non-overlapping square patches, row by row:
/// (batch, patches, patchSize * patchSize * channels), each patch flattened as (row, column, channel) like Keras's
/// <c>ops.image.extract_patches</c> on channels-last images.
/// </summary>
internal sealed class Patches : Layer
{
    public Patches(int patchSize, string? name = null) : base(name, trainable: true) => PatchSize = patchSize;

    public int PatchSize { get; }

    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4 || inputShape[2] % PatchSize != 0 || inputShape[3] % PatchSize != 0)
            throw new ArgumentException($"Patches '{Name}' expects images (batch, channels, height, width) whose height and width are " +
                                        $"multiples of patchSize {PatchSize}; received {inputShape}. Resize the images or change the patch size.");
    }

    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var (batch, channels, rows, columns) = (inputs.size(0), inputs.size(1), inputs.size(2) / PatchSize, inputs.size(3) / PatchSize);
        using var grid = inputs.reshape(batch, channels, rows, PatchSize, columns, PatchSize);
        using var ordered = grid.permute(0, 2, 4, 3, 5, 1);
        return ordered.reshape(batch, rows * columns, PatchSize * PatchSize * channels);
    }

    public override TensorShape ComputeOutputShape(TensorShape inputShape) =>
        new(inputShape[0], inputShape[2] / PatchSize * (inputShape[3] / PatchSize), PatchSize * PatchSize * inputShape[1]);

    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["patch_size"] = PatchSize;
        return config;
    }
}
