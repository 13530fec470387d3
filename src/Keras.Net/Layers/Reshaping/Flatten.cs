
namespace KerasNet.Layers;

/// <summary>
/// Flattens every axis after the batch axis, in memory order (as <c>torch.flatten(x, 1)</c>). With
/// <c>dataFormat: "channels_first"</c> given explicitly, Keras's behaviour: the input is first put in channels-last order,
/// so that weights trained in one layout keep their meaning.
/// </summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    public Flatten(string? dataFormat = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (dataFormat is not null) Config.ParseDataFormat(dataFormat);
        DataFormat = dataFormat;
    }

    /// <summary>The explicit data format, if any.</summary>
    public string? DataFormat { get; }

    private bool ReorderToChannelsLast => DataFormat is not null && Config.ParseDataFormat(DataFormat) == ImageDataFormat.ChannelsFirst;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 1) throw ShapeError("input with a batch axis", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (inputs.dim() <= 1) return inputs.unsqueeze(-1);
        if (ReorderToChannelsLast && inputs.dim() > 2)
        {
            using var channelsLast = DataFormats.FromChannelsFirst(inputs, ImageDataFormat.ChannelsLast);
            return channelsLast.flatten(1);
        }
        return inputs.flatten(1);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) =>
        inputShape.Rank <= 1 ? new TensorShape(inputShape[0], 1) : new TensorShape(inputShape[0], inputShape.FeatureSize());

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormat;
        return config;
    }
}
