
namespace KerasNet;

/// <summary>
/// A weight of a layer: a named tensor that lives as long as its layer. Trainable variables are autograd leaves
/// (requires_grad); non-trainable ones (BatchNormalization's moving statistics) are updated by the layer itself.
/// </summary>
public sealed class Variable : IDisposable
{
    private Tensor value;

    internal Variable(string name, Tensor value, bool trainable, Regularizers.Regularizer? regularizer = null, Constraints.Constraint? constraint = null)
    {
        Name = name;
        this.value = value.DetachFromDisposeScope();
        Regularizer = regularizer;
        Constraint = constraint;
        this.trainable = trainable;
        this.value.requires_grad_(trainable && value.is_floating_point());
    }

    private bool trainable;

    /// <summary>The variable's name, e.g. <c>kernel</c>.</summary>
    public string Name { get; }

    /// <summary>The full path, e.g. <c>dense_1/kernel</c>; set when the layer creates it.</summary>
    public string Path { get; internal set; } = "";

    /// <summary>The layer that owns this variable.</summary>
    public Layer? Owner { get; internal set; }

    /// <summary>Whether optimizers update this variable. Also switches autograd tracking.</summary>
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

    /// <summary>The current value (owned by the variable: do not dispose it).</summary>
    public Tensor Value => value;

    /// <summary>The shape.</summary>
    public long[] Shape => value.shape;

    /// <summary>The number of elements.</summary>
    public long Size => value.numel();

    /// <summary>Copies <paramref name="newValue"/> into the variable in place (shapes must match).</summary>
    public void Assign(Tensor newValue)
    {
        ArgumentNullException.ThrowIfNull(newValue);
        if (!newValue.shape.SequenceEqual(value.shape))
            throw new ArgumentException($"Cannot assign a value of shape {TorchSupport.Shape.Format(newValue.shape)} to variable '{Path}' of shape {TorchSupport.Shape.Format(value.shape)}.", nameof(newValue));
        using (torch.no_grad()) value.copy_(newValue);
    }

    /// <summary>Replaces the tensor (used when a model moves to another device).</summary>
    internal void Replace(Tensor newValue)
    {
        var old = value;
        value = newValue.DetachFromDisposeScope();
        value.requires_grad_(trainable && value.is_floating_point());
        old.Dispose();
    }

    /// <summary>Frees the tensor.</summary>
    public void Dispose() => value.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"<Variable path={Path}, shape={TorchSupport.Shape.Format(value.shape)}, trainable={trainable}>";
}
