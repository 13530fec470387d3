namespace KerasNet.Layers;

/// <summary>
/// Mirrors each image with probability 1/2 during training, as Keras's <c>RandomFlip</c>: mode "horizontal"
/// (left–right), "vertical" (top–bottom) or "horizontal_and_vertical" (each independently). Identity at inference.
/// </summary>
public sealed class RandomFlip : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomFlip(string mode = "horizontal_and_vertical", int? seed = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, seed, name, trainable)
    {
        Mode = mode is "horizontal" or "vertical" or "horizontal_and_vertical"
            ? mode
            : throw new ArgumentException($"RandomFlip: mode must be 'horizontal', 'vertical' or 'horizontal_and_vertical'; received '{mode}'.", nameof(mode));
    }

    /// <summary>Which flips are drawn.</summary>
    public string Mode { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var x = images;
        if (Mode != "vertical") x = FlipSome(x, 3);
        if (Mode != "horizontal") x = FlipSome(x, 2);
        return x;
    }

    private Tensor FlipSome(Tensor x, long axis)
    {
        var draws = torch.rand(new long[] { x.size(0), 1, 1, 1 }, generator: Generator);
        return torch.where(draws < 0.5, x.flip(axis), x);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["mode"] = Mode;
        return WithFormatAndSeed(config);
    }
}
