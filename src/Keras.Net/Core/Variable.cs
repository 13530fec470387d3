
namespace KerasNet;

/// <summary>
/// A weight of a layer: a named TorchSharp <see cref="Parameter"/> that lives as long as its layer. Trainable
/// variables are autograd leaves (requires_grad); non-trainable ones (BatchNormalization's moving statistics, frozen
/// layers' weights) are Parameters with requires_grad false, updated by the layer itself or not at all.
/// </summary>
/// <remarks>
/// Because the value is a <see cref="Parameter"/>, the same object can be handed to TorchSharp code: a TorchSharp
/// optimizer (<c>torch.optim.Adam(...)</c>) updates it in place, and <see cref="Models.Model.AsTorchModule"/> lists it in
/// <c>parameters()</c>. The object changes only when the model moves to another device
/// (<see cref="Models.Model.To(Device)"/>); read <see cref="Value"/> again after such a move.
/// </remarks>
public sealed class Variable : IDisposable
{
    private Parameter value;
    private bool trainable;

    internal Variable(string name, Tensor value, bool trainable, Regularizers.Regularizer? regularizer = null, Constraints.Constraint? constraint = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Regularizer = regularizer;
        Constraint = constraint;
        this.trainable = trainable;
        this.value = ToParameter(value, trainable);
    }

    /// <summary>Wraps a Parameter that something else owns (a wrapped TorchSharp module's parameter), without copying it.</summary>
    internal Variable(string name, Parameter parameter, bool trainable, bool ownsValue)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Name = name;
        OwnsValue = ownsValue;
        this.trainable = trainable;
        value = parameter;
        value.requires_grad_(trainable && value.is_floating_point());
    }

    /// <summary>The variable's name, e.g. <c>kernel</c>.</summary>
    public string Name { get; }

    /// <summary>The full path, e.g. <c>dense_1/kernel</c>; set when the layer creates it.</summary>
    public string Path { get; internal set; } = "";

    /// <summary>The layer that owns this variable.</summary>
    public Layer? Owner { get; internal set; }

    /// <summary>
    /// False for state that is never trained whatever the layer's <see cref="Layer.Trainable"/> (moving statistics,
    /// a wrapped module's buffers): PyTorch calls such tensors buffers. True for weights, frozen or not.
    /// </summary>
    internal bool DeclaredTrainable { get; init; } = true;

    /// <summary>False when the Parameter belongs to someone else (a wrapped TorchSharp module), who frees it.</summary>
    internal bool OwnsValue { get; } = true;

    /// <summary>Whether optimizers update this variable. Also switches autograd tracking (requires_grad).</summary>
    public bool Trainable
    {
        get => trainable;
        internal set
        {
            trainable = value;
            this.value.requires_grad_(value && this.value.is_floating_point());
        }
    }

    /// <summary>A penalty on the value added to the training loss, if any.</summary>
    public Regularizers.Regularizer? Regularizer { get; }

    /// <summary>A projection applied after each optimizer update, if any.</summary>
    public Constraints.Constraint? Constraint { get; }

    /// <summary>
    /// The current value: the variable's <see cref="Parameter"/>, typed as a <see cref="Tensor"/>. Owned by the
    /// variable: do not dispose it. Its <c>requires_grad</c> follows <see cref="Trainable"/>. Inside the call of a layer
    /// with a mixed dtype policy, a floating variable reads as its cast to the compute dtype (autograd carries the
    /// gradient back to the variable); during a data-parallel training step with <c>overlap: true</c> a trainable
    /// variable reads as an identity of it that reports its gradient; <see cref="Parameter"/> is always the stored value.
    /// </summary>
    public Tensor Value => disposed ? throw Disposed() : MixedPrecision.AutocastScope.Read(this, Distributed.OverlappedGradients.Read(this, value));

    /// <summary>
    /// The current value as the TorchSharp <see cref="TorchSharp.Modules.Parameter"/> it is (the same object as
    /// <see cref="Value"/>), for TorchSharp APIs that take Parameters (<c>torch.optim</c>, <c>register_parameter</c>).
    /// </summary>
    public Parameter Parameter => disposed ? throw Disposed() : value;

    /// <summary>The shape.</summary>
    public long[] Shape => value.shape;

    /// <summary>The number of elements.</summary>
    public long Size => value.numel();

    /// <summary>Copies <paramref name="newValue"/> into the variable in place (shapes must match); the Parameter object stays the same.</summary>
    public void Assign(Tensor newValue)
    {
        ArgumentNullException.ThrowIfNull(newValue);
        if (!newValue.shape.SequenceEqual(value.shape))
            throw new ArgumentException($"Cannot assign a value of shape {TorchSupport.Shape.Format(newValue.shape)} to variable '{Path}' of shape {TorchSupport.Shape.Format(value.shape)}.", nameof(newValue));
        using (torch.no_grad()) value.copy_(newValue);
    }

    /// <summary>
    /// Replaces the Parameter with a new one holding <paramref name="newValue"/> (used when a model moves to another
    /// device) and frees the old one. The tensor's handle moves into the new Parameter.
    /// </summary>
    internal void Replace(Tensor newValue)
    {
        ArgumentNullException.ThrowIfNull(newValue);
        if (ReferenceEquals(newValue, value)) return;
        var old = value;
        value = ToParameter(newValue, trainable);
        if (OwnsValue) old.Dispose();
    }

    /// <summary>Points the variable at another Parameter that its owner created (a wrapped module moved to another device); nothing is freed.</summary>
    internal void Rebind(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        value = parameter;
        value.requires_grad_(trainable && value.is_floating_point());
    }

    // A Parameter created inside a dispose scope belongs to it: take it out, the variable lives as long as its layer.
    private static Parameter ToParameter(Tensor tensor, bool trainable)
    {
        using var noGrad = torch.no_grad();
        var data = tensor.detach().DetachFromDisposeScope();
        tensor.Dispose();
        var parameter = new Parameter(data, trainable && data.is_floating_point());
        parameter.DetachFromDisposeScope();
        return parameter;
    }

    /// <summary>Frees the Parameter (unless a wrapped TorchSharp module owns it); using the variable afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (OwnsValue) value.Dispose();
    }

    private bool disposed;

    private ObjectDisposedException Disposed() => new(nameof(Variable), $"Variable '{Path}' has been disposed (its layer or model was disposed); its value can no longer be used.");

    /// <inheritdoc/>
    public override string ToString() => $"<Variable path={Path}, shape={TorchSupport.Shape.Format(value.shape)}, trainable={trainable}>";
}
