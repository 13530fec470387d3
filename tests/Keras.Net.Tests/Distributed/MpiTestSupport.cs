using KerasNet.TorchSupport.Mpi;

namespace KerasNet.Tests.Distributed;

internal static class MpiTestSupport
{
    /// <summary>A completed collective over <paramref name="tensor"/>, as a stand-in backend returns it.</summary>
    internal static PendingCollective Completed(Tensor tensor) => PendingCollective.Completed("test", tensor);
}
