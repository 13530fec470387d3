namespace KerasNet;

/// <summary>Axis lists TorchSharp's reductions take as arrays, allocated once.</summary>
internal static class TensorAxes
{
    /// <summary>The last axis: <c>new long[] { -1 }</c>. Never modify it.</summary>
    internal static readonly long[] Last = { -1 };
}
