namespace KerasNet;

// Keras's get_weights/set_weights: the weights' values as plain tensors, in the order of Weights.
public abstract partial class Layer
{
    /// <summary>
    /// Copies of every weight's value (this layer's, then its sublayers', as <see cref="Weights"/> lists them), on the
    /// CPU and detached from autograd: Keras's <c>get_weights()</c>. Changing them does not change the layer.
    /// </summary>
    public IReadOnlyList<Tensor> GetWeights() => Weights.Select(w => w.Value.detach().cpu().clone()).ToList();

    /// <summary>
    /// Sets every weight from <paramref name="values"/>, given in the order of <see cref="Weights"/> (as
    /// <see cref="GetWeights"/> returns them): Keras's <c>set_weights()</c>. Values are converted to each weight's dtype
    /// and device. Nothing is changed unless every value has its weight's shape.
    /// </summary>
    /// <exception cref="ArgumentException">The number of values or a shape does not match the weights.</exception>
    public void SetWeights(IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var weights = Weights;
        if (values.Count != weights.Count)
            throw new ArgumentException(
                $"Layer '{Name}' has {weights.Count} weight(s) ({string.Join(", ", weights.Select(w => $"{w.Name} {FormatShape(w.Value.shape)}"))}); " +
                $"SetWeights received {values.Count} value(s). Pass one tensor per weight in the order GetWeights() returns.", nameof(values));
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null) throw new ArgumentException($"Layer '{Name}': value {i} for weight '{weights[i].Name}' is null.", nameof(values));
            if (!values[i].shape.SequenceEqual(weights[i].Value.shape))
                throw new ArgumentException(
                    $"Layer '{Name}': weight {i} ('{weights[i].Name}') has shape {FormatShape(weights[i].Value.shape)}; SetWeights received a value of shape " +
                    $"{FormatShape(values[i].shape)}. Nothing was changed.", nameof(values));
        }
        for (var i = 0; i < values.Count; i++) weights[i].Assign(values[i]);
    }

    private static string FormatShape(long[] shape) => TorchSupport.Shape.Format(shape);
}
