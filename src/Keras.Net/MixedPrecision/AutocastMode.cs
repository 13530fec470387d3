namespace KerasNet.MixedPrecision;

/// <summary>How a layer takes part in its dtype policy (see <see cref="LayerAutocast"/>).</summary>
internal enum AutocastMode
{
    /// <summary>Floating inputs and variables are cast to the compute dtype; the outputs come out in it.</summary>
    Autocast,

    /// <summary>
    /// The math runs in float32 (normalization statistics, a wrapped TorchSharp module): floating inputs are cast to
    /// float32, variables are read as they are, and floating outputs are cast to the compute dtype.
    /// </summary>
    Float32,

    /// <summary>The inputs are indices (Embedding): they are left as they are; variables are read in the compute dtype.</summary>
    IndexInputs,

    /// <summary>Nothing is cast (the framework's Sequential and functional models: each of their layers casts for itself).</summary>
    PassThrough,
}
