using System.Runtime.InteropServices;

namespace KerasNet.TorchSupport.Mpi;

/// <summary>The MPI entry points used, resolved from the loaded library, and its handles.</summary>
internal sealed unsafe class MpiFunctions
{
    internal MpiFunctions(nint library)
    {
        Abi = MpiAbi.For(library);
        nint Get(string name) => NativeLibrary.TryGetExport(library, name, out var address) ? address
            : throw new MpiLibraryNotFoundException($"The MPI library ({Abi.Name}) lacks '{name}': MPI 3.0 or later is needed (non-blocking collectives).");
        Initialized = (delegate* unmanaged<int*, int>)Get("MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Get("MPI_Finalized");
        InitThread = (delegate* unmanaged<int*, nint*, int, int*, int>)Get("MPI_Init_thread");
        Finalize = (delegate* unmanaged<int>)Get("MPI_Finalize");
        CommRank = (delegate* unmanaged<nint, int*, int>)Get("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Get("MPI_Comm_size");
        CommSetErrhandler = (delegate* unmanaged<nint, nint, int>)Get("MPI_Comm_set_errhandler");
        Iallreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, long*, int>)Get("MPI_Iallreduce");
        Ibcast = (delegate* unmanaged<void*, int, nint, int, nint, long*, int>)Get("MPI_Ibcast");
        Iallgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, long*, int>)Get("MPI_Iallgather");
        Test = (delegate* unmanaged<long*, int*, void*, int>)Get("MPI_Test");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)Get("MPI_Error_string");
    }

    internal MpiAbi Abi { get; }
    internal delegate* unmanaged<int*, int> Initialized { get; }
    internal delegate* unmanaged<int*, int> Finalized { get; }
    internal delegate* unmanaged<int*, nint*, int, int*, int> InitThread { get; }
    internal delegate* unmanaged<int> Finalize { get; }
    internal delegate* unmanaged<nint, int*, int> CommRank { get; }
    internal delegate* unmanaged<nint, int*, int> CommSize { get; }
    internal delegate* unmanaged<nint, nint, int> CommSetErrhandler { get; }
    internal delegate* unmanaged<void*, void*, int, nint, nint, nint, long*, int> Iallreduce { get; }
    internal delegate* unmanaged<void*, int, nint, int, nint, long*, int> Ibcast { get; }
    internal delegate* unmanaged<void*, int, nint, void*, int, nint, nint, long*, int> Iallgather { get; }
    internal delegate* unmanaged<long*, int*, void*, int> Test { get; }
    internal delegate* unmanaged<int, byte*, int*, int> ErrorString { get; }

    /// <summary>MPI's text for <paramref name="code"/>.</summary>
    internal string Describe(int code)
    {
        var buffer = stackalloc byte[MpiAbi.MaxErrorString];
        var length = 0;
        return ErrorString(code, buffer, &length) == 0 && length > 0
            ? System.Text.Encoding.UTF8.GetString(buffer, Math.Min(length, MpiAbi.MaxErrorString))
            : $"MPI error {code}";
    }
}
