namespace KerasNet.Applications;

/// <summary>Reduces (batch, tokens, dim) to (batch, dim): the class token (<c>"token"</c>, the first), or the mean or maximum over tokens.</summary>
public sealed class TokenPooling : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="mode">"token", "avg" or "max".</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights).</param>
    public TokenPooling(string mode = "token", string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (mode is not ("token" or "avg" or "max"))
            throw new ArgumentException($"TokenPooling: mode must be \"token\", \"avg\" or \"max\"; received \"{mode}\".", nameof(mode));
        Mode = mode;
    }

    /// <summary>"token", "avg" or "max".</summary>
    public string Mode { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 3) throw ShapeError("input of rank 3 (batch, tokens, dim)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => Mode switch
    {
        "token" => inputs.select(1, 0).contiguous(),
        "avg" => inputs.mean(new long[] { 1 }),
        _ => inputs.amax(new long[] { 1 }),
    };

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], inputShape[2]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["mode"] = Mode;
        return config;
    }
}
