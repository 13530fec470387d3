namespace KerasNet.Layers;

/// <summary>Weight paths of layers held by a wrapper (Bidirectional, TimeDistributed) start with the wrapper's name, as in Keras.</summary>
internal static class WrappedWeights
{
    internal static void Prefix(Layer wrapper, Layer inner)
    {
        var prefix = wrapper.Name + "/";
        foreach (var weight in inner.Weights)
            if (!weight.Path.StartsWith(prefix, StringComparison.Ordinal)) weight.Path = prefix + weight.Path;
    }
}
