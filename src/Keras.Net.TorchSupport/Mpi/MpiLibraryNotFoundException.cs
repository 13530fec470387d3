namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// No MPI library could be loaded. The message lists the names and paths tried and the package that provides one
/// (Debian/Ubuntu: <c>openmpi-bin libopenmpi-dev</c>), and names <see cref="MpiLibrary.PathVariable"/>.
/// </summary>
public sealed class MpiLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with its explanation.</summary>
    public MpiLibraryNotFoundException(string message) : base(message) { }
}
