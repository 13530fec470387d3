namespace KerasNet.Export;

/// <summary>
/// A tensor of an ONNX graph under construction: its name in the graph and its Keras shape (<c>null</c> for the
/// batch axis and any other size only known at run time).
/// </summary>
/// <param name="Name">The value's name in the ONNX graph.</param>
/// <param name="Shape">The Keras shape, batch axis first.</param>
public readonly record struct OnnxValue(string Name, TensorShape Shape)
{
    /// <summary>The number of axes, batch axis included.</summary>
    public int Rank => Shape.Rank;

    /// <summary>
    /// The name of the boolean (batch, steps) value holding the Keras mask this tensor carries (true = a real step),
    /// as <c>Embedding(maskZero: true)</c> or <c>Masking</c> set it and layers that keep the time axis pass it on;
    /// <c>null</c> when the tensor carries none.
    /// </summary>
    public string? Mask { get; init; }
}
