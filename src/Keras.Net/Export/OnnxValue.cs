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
}
