using KerasNet.Layers;

namespace KerasNet;

/// <summary>Entry points of the functional API, as Keras's <c>keras.Input</c>.</summary>
public static class Keras
{
    /// <summary>
    /// A symbolic input of <paramref name="shape"/> (without the batch axis), to build a functional model:
    /// <c>var x = Keras.Input(new long[] { 1, 28, 28 });</c>
    /// </summary>
    public static KerasTensor Input(long[] shape, ScalarType dtype = ScalarType.Float32, long? batchSize = null, string? name = null) =>
        new InputLayer(shape, dtype, batchSize, name).Output;

    /// <summary>A symbolic input of the given sizes.</summary>
    public static KerasTensor Input(params long[] shape) => Input(shape, ScalarType.Float32);

    /// <summary>Resets automatic layer names (as Keras's <c>clear_session</c>).</summary>
    public static void ClearSession() => LayerNames.Reset();
}
