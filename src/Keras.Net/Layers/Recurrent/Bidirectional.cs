using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Runs a recurrent layer over a sequence forwards and a copy of it backwards, and merges their outputs
/// (<c>concat</c>, <c>sum</c>, <c>mul</c>, <c>ave</c>, or none: both outputs are returned). With returnSequences the
/// backward outputs are put back in time order before merging. Initial states, when given, are the forward
/// layer's followed by the backward layer's; with returnState the final states follow the output in that order.
/// </summary>
public sealed class Bidirectional : Layer
{
    private static readonly string[] MergeModes = { "concat", "sum", "mul", "ave" };
    private readonly BaseRNN forward;
    private readonly BaseRNN backward;
    private readonly bool backwardGiven;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="layer">The forward recurrent layer.</param>
    /// <param name="mergeMode">"concat" (default), "sum", "mul", "ave", or null/"none" to return both outputs.</param>
    /// <param name="backwardLayer">The backward layer; by default a copy of <paramref name="layer"/>'s config with goBackwards flipped.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public Bidirectional(BaseRNN layer, string? mergeMode = "concat", BaseRNN? backwardLayer = null, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (mergeMode == "none") mergeMode = null;
        if (mergeMode is not null && !MergeModes.Contains(mergeMode))
            throw new ArgumentException($"Bidirectional: mergeMode must be one of concat, sum, mul, ave or null (none); received '{mergeMode}'.", nameof(mergeMode));
        if (layer.Stateful) throw new ArgumentException($"Bidirectional: the wrapped layer '{layer.Name}' is stateful, which Bidirectional does not support.", nameof(layer));
        MergeMode = mergeMode;
        forward = layer;
        backwardGiven = backwardLayer is not null;
        if (backwardLayer is null)
        {
            var config = layer.GetConfig();
            config["name"] = "backward_" + layer.Name;
            config["go_backwards"] = !layer.GoBackwards;
            try
            {
                backwardLayer = (BaseRNN)KerasRegistry.FromConfig<Layer>(layer.GetType().Name, config);
            }
            catch (Exception e) when (e is KerasSerializationException or ArgumentException)
            {
                throw new ArgumentException(
                    $"Bidirectional: could not make the backward copy of layer '{layer.Name}' from its config ({e.Message}). " +
                    "Pass backwardLayer explicitly (the same layer with goBackwards: true).", nameof(layer), e);
            }
        }
        else
        {
            if (ReferenceEquals(backwardLayer, layer))
                throw new ArgumentException("Bidirectional: backwardLayer must be a different layer object from layer.", nameof(backwardLayer));
            if (backwardLayer.GoBackwards == layer.GoBackwards)
                throw new ArgumentException($"Bidirectional: backwardLayer '{backwardLayer.Name}' must have goBackwards = {!layer.GoBackwards} (the opposite of layer '{layer.Name}').", nameof(backwardLayer));
            if (backwardLayer.ReturnSequences != layer.ReturnSequences || backwardLayer.ReturnState != layer.ReturnState || backwardLayer.StateCount != layer.StateCount)
                throw new ArgumentException($"Bidirectional: backwardLayer '{backwardLayer.Name}' must have the same returnSequences, returnState and kind of states as layer '{layer.Name}'.", nameof(backwardLayer));
        }
        backward = backwardLayer;
        // Keras: with returnSequences, masked steps output zeros in both directions, so the reversed outputs line up.
        forward.ZeroOutputForMask = forward.ReturnSequences;
        backward.ZeroOutputForMask = backward.ReturnSequences;
    }

    /// <summary>How the two outputs are merged (null: not merged, both returned).</summary>
    public string? MergeMode { get; }
    /// <summary>The forward layer.</summary>
    public BaseRNN ForwardLayer => forward;
    /// <summary>The backward layer.</summary>
    public BaseRNN BackwardLayer => backward;

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputCount > 1 && inputShape.Rank == 2) return;
        if (inputShape.Rank != 3 || inputShape[-1] is null)
            throw ShapeError("input of rank 3 (batch, timesteps, features) with a known feature axis", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        var states = forward.StateCount;
        if (inputShapes.Count != 1 && inputShapes.Count != 1 + 2 * states)
            throw new ArgumentException($"Bidirectional '{Name}' takes the sequence, optionally followed by {2 * states} initial states (the forward layer's, then the backward layer's); received {inputShapes.Count} inputs.");
        forward.BuildFor(inputShapes[0]);
        backward.BuildFor(inputShapes[0]);
        WrappedWeights.Prefix(this, forward);
        WrappedWeights.Prefix(this, backward);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var states = forward.StateCount;
        if (inputs.Count != 1 && inputs.Count != 1 + 2 * states)
            throw new ArgumentException($"Bidirectional '{Name}' takes the sequence, optionally followed by {2 * states} initial states (the forward layer's, then the backward layer's); received {inputs.Count} inputs.");
        var x = inputs[0];
        var forwardInputs = inputs.Count == 1 ? new[] { x } : new[] { x }.Concat(inputs.Skip(1).Take(states)).ToArray();
        var backwardInputs = inputs.Count == 1 ? new[] { x } : new[] { x }.Concat(inputs.Skip(1 + states)).ToArray();
        var f = forward.CallWithChecks(forwardInputs, context, context.Mask, maskGiven: true);
        var b = backward.CallWithChecks(backwardInputs, context, context.Mask, maskGiven: true);
        var y = f[0];
        var yReversed = forward.ReturnSequences ? b[0].flip(1) : b[0];
        var outputs = new List<Tensor>();
        switch (MergeMode)
        {
            case "concat": outputs.Add(torch.cat(new[] { y, yReversed }, -1)); break;
            case "sum": outputs.Add(y + yReversed); break;
            case "mul": outputs.Add(y * yReversed); break;
            case "ave": outputs.Add((y + yReversed) / 2.0); break;
            default: outputs.Add(y); outputs.Add(yReversed); break;
        }
        outputs.AddRange(f.Skip(1));
        outputs.AddRange(b.Skip(1));
        return outputs;
    }

    /// <inheritdoc/>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => forward.ReturnSequences ? mask : null;

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => ComputeOutputShape(new[] { inputShape })[0];

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var shapes = forward.ComputeOutputShape(new[] { inputShapes[0] });
        var output = shapes[0];
        var result = new List<TensorShape>();
        if (MergeMode == "concat") result.Add(new TensorShape(output.Dims.Take(output.Rank - 1).Append(output[-1] * 2).ToArray()));
        else if (MergeMode is null) { result.Add(output); result.Add(output); }
        else result.Add(output);
        result.AddRange(shapes.Skip(1));
        result.AddRange(shapes.Skip(1));
        return result;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["layer"] = KerasRegistry.Serialize(forward);
        config["merge_mode"] = MergeMode;
        if (backwardGiven) config["backward_layer"] = KerasRegistry.Serialize(backward);
        return config;
    }
}
