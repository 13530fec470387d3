using KerasNet.Initializers;
using KerasNet.Saving;

namespace KerasNet.Applications;

/// <summary>
/// Multiplies each channel of a channels-first feature map by a learned factor (ConvNeXt's layer scale), initialized
/// to <see cref="InitValue"/>. Its one weight has the state_dict key of the layer's own name (torchvision keeps it as
/// the parameter <c>features.1.0.layer_scale</c>, shape (channels, 1, 1)).
/// </summary>
public sealed class LayerScale : Layer, ITorchStateDictNames
{
    private Variable? scale;

    /// <summary>Creates the layer.</summary>
    /// <param name="initValue">The initial factor of every channel (ConvNeXt: 1e-6).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the factors are trained.</param>
    public LayerScale(double initValue = 1e-6, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (!double.IsFinite(initValue)) throw new ArgumentOutOfRangeException(nameof(initValue), initValue, "LayerScale: initValue must be a finite number.");
        InitValue = initValue;
    }

    /// <summary>The initial factor of every channel.</summary>
    public double InitValue { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4 || inputShape[1] is null) throw ShapeError("input of rank 4 (batch, channels, height, width) with a known channel count", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape) => scale = AddWeight("scale", new[] { inputShape[1]!.Value, 1L, 1L }, new Constant(InitValue));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => inputs.mul(scale!.Value);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public string TorchKey(Variable weight) => Name;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["init_value"] = InitValue;
        return config;
    }
}
