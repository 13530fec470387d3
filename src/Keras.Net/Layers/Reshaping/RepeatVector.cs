namespace KerasNet.Layers;

/// <summary>Repeats a (batch, features) input <see cref="N"/> times: (batch, n, features).</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Creates the layer.</summary>
    public RepeatVector(long n, string? name = null, bool trainable = true) : base(name, trainable) =>
        N = n > 0 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "RepeatVector: n must be positive.");

    /// <summary>The number of repetitions.</summary>
    public long N { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 2) throw ShapeError("input of rank 2 (batch, features)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var expanded = inputs.unsqueeze(1);
        return expanded.expand(new[] { inputs.size(0), N, inputs.size(1) }).contiguous();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], N, inputShape[1]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["n"] = N;
        return config;
    }
}
