
namespace KerasNet.Layers;

/// <summary>
/// Applies a layer to every time step of a sequence: input (batch, timesteps, ...) runs through the layer as
/// (batch·timesteps, ...) and comes back as (batch, timesteps, ...). The mask over time steps passes through.
/// </summary>
public sealed class TimeDistributed : Layer
{
    private readonly Layer layer;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="layer">The layer applied to each step (one input, one output).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public TimeDistributed(Layer layer, string? name = null, bool trainable = true) : base(name, trainable)
    {
        this.layer = layer ?? throw new ArgumentNullException(nameof(layer));
    }

    /// <summary>The wrapped layer.</summary>
    public Layer Layer => layer;

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    private static TensorShape StepShape(TensorShape shape) => new(new long?[] { null }.Concat(shape.Dims.Skip(2)).ToArray());

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 3)
            throw ShapeError("input of rank >= 3 (batch, timesteps, ...)", inputShape, "TimeDistributed applies its layer to each step of axis 1.");
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        layer.BuildFor(StepShape(inputShape));
        WrappedWeights.Prefix(this, layer);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        long batch = inputs.size(0), steps = inputs.size(1);
        var flat = inputs.reshape(new long[] { batch * steps }.Concat(inputs.shape.Skip(2)).ToArray());
        var output = layer.CallWithChecks(new[] { flat }, context, null, maskGiven: true)[0];
        return output.reshape(new[] { batch, steps }.Concat(output.shape.Skip(1)).ToArray());
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var step = layer.ComputeOutputShape(StepShape(inputShape));
        return new TensorShape(new[] { inputShape[0], inputShape[1] }.Concat(step.Dims.Skip(1)).ToArray());
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["layer"] = Serialization.KerasRegistry.Serialize(layer);
        return config;
    }
}
