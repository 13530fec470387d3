
namespace KerasNet.Layers;

/// <summary><c>x · scale + offset</c>, e.g. <c>new Rescaling(1.0 / 255)</c> to bring pixels into [0, 1]. Integer inputs become float32.</summary>
public sealed class Rescaling : Layer
{
    /// <summary>Creates the layer.</summary>
    public Rescaling(double scale, double offset = 0.0, string? name = null, bool trainable = true) : base(name, trainable)
    {
        Scale = scale;
        Offset = offset;
    }

    /// <summary>The multiplier.</summary>
    public double Scale { get; }
    /// <summary>The addend.</summary>
    public double Offset { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var floating = inputs.is_floating_point() ? inputs.alias() : inputs.to(ScalarType.Float32);
        using var scaled = floating * Scale;
        return Offset == 0 ? scaled.alias() : scaled + Offset;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("scale", Scale), ("offset", Offset));
}
