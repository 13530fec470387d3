namespace KerasNet.Layers;

/// <summary>
/// The shared adaptive max/average pooling: the output has <see cref="OutputSize"/> positions per spatial axis whatever
/// the input's size; output position i along an axis of length n pools input positions floor(i·n/out) to
/// ceil((i+1)·n/out) − 1 (PyTorch's rule, which Keras 3 follows).
/// </summary>
public abstract class AdaptivePooling : Layer
{
    /// <summary>Creates the layer for <paramref name="rank"/> spatial axes in the layout <paramref name="format"/>.</summary>
    private protected AdaptivePooling(int rank, bool isMax, Dims outputSize, ImageDataFormat format, string? name, bool trainable) : base(name, trainable)
    {
        Rank = rank;
        IsMax = isMax;
        OutputSize = outputSize.Expand(rank, nameof(outputSize), GetType().Name);
        Format = format;
    }

    /// <summary>Spatial dimensions.</summary>
    public int Rank { get; }
    /// <summary>Max (true) or average (false).</summary>
    public bool IsMax { get; }
    /// <summary>The output size per spatial axis.</summary>
    public long[] OutputSize { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2) throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)}", inputShape);
        if (DataFormats.Spatial(inputShape, Format).Any(n => n == 0))
            throw ShapeError($"non-empty spatial axes {DataFormats.Describe(Rank, Format)}", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        var y = (Rank, IsMax) switch
        {
            (1, true) => F.adaptive_max_pool1d(x, OutputSize[0]),
            (1, false) => F.adaptive_avg_pool1d(x, OutputSize[0]),
            (2, true) => F.adaptive_max_pool2d(x, OutputSize),
            (2, false) => F.adaptive_avg_pool2d(x, OutputSize),
            (_, true) => AdaptiveMaxPool3d(x),
            _ => F.adaptive_avg_pool3d(x, OutputSize),
        };
        return DataFormats.FromChannelsFirst(y, Format).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// TorchSharp 0.107's adaptive_max_pool3d calls libtorch's 1-D kernel (and fails on 5-D input). A window is a
    /// product of per-axis intervals, so its maximum is the depth interval's maximum of the (height, width) window's.
    /// </summary>
    private Tensor AdaptiveMaxPool3d(Tensor x)
    {
        long batch = x.size(0), channels = x.size(1), depth = x.size(2), outD = OutputSize[0], outH = OutputSize[1], outW = OutputSize[2];
        var planes = F.adaptive_max_pool2d(x.reshape(batch, channels * depth, x.size(3), x.size(4)), new[] { outH, outW });
        var byDepth = planes.reshape(batch, channels, depth, outH * outW).transpose(2, 3).reshape(batch, channels * outH * outW, depth);
        var pooled = F.adaptive_max_pool1d(byDepth, outD);
        return pooled.reshape(batch, channels, outH * outW, outD).transpose(2, 3).reshape(batch, channels, outD, outH, outW);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) =>
        DataFormats.Compose(inputShape[0], inputShape[DataFormats.ChannelAxis(Format, Rank + 2)], OutputSize.Select(n => (long?)n), Format);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("output_size", OutputSize), ("data_format", DataFormats.Name(Format)));
}
