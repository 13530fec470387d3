namespace KerasNet.Callbacks;

/// <summary>
/// What an <see cref="IStatefulCallback"/> keeps across an interrupted Fit: numbers by name (NaN for "none yet") and
/// tensors by name.
/// </summary>
public sealed class CallbackState
{
    private static readonly IReadOnlyDictionary<string, Tensor> NoTensors = new Dictionary<string, Tensor>();

    /// <summary>Creates a state.</summary>
    public CallbackState(IReadOnlyDictionary<string, double> values, IReadOnlyDictionary<string, Tensor>? tensors = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
        Tensors = tensors ?? NoTensors;
    }

    /// <summary>The numbers, by name.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The tensors, by name (empty when there are none).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }
}
