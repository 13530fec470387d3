namespace KerasNet;

/// <summary>Scalar-argument forms of TorchSharp tensor methods that take only arrays or ints, as PyTorch writes them.</summary>
internal static class TensorExtensions
{
    /// <summary><c>x.movedim(source, destination)</c> for one axis.</summary>
    internal static Tensor movedim(this Tensor x, long source, long destination) =>
        x.movedim(new[] { source }, new[] { destination });

    /// <summary><c>x.size(dim)</c> with a long axis.</summary>
    internal static long size(this Tensor x, long dim) => x.size(checked((int)dim));
}
