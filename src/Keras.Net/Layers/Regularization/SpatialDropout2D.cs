namespace KerasNet.Layers;

/// <summary>Drops whole feature maps (channels) with probability <see cref="Rate"/> during training.</summary>
public sealed class SpatialDropout2D : Layer
{
    /// <summary>Creates the layer.</summary>
    public SpatialDropout2D(double rate, string? dataFormat = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        Rate = rate is >= 0 and < 1 ? rate : throw new ArgumentOutOfRangeException(nameof(rate), rate, "SpatialDropout2D: rate must be in [0, 1).");
        Format = DataFormats.Resolve(dataFormat);
    }

    /// <summary>The fraction of channels dropped.</summary>
    public double Rate { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4) throw ShapeError($"input of rank 4 {DataFormats.Describe(2, Format)}", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (!context.Training || Rate == 0) return inputs.alias();
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        return DataFormats.FromChannelsFirst(F.dropout2d(x, Rate, training: true), Format).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("rate", Rate), ("data_format", DataFormats.Name(Format)));
}
