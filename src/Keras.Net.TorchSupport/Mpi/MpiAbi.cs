using System.Runtime.InteropServices;

namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// The handles of one MPI implementation, as pointer-sized values. Open MPI's handles are the addresses of objects
/// its library exports (<c>ompi_mpi_comm_world</c>...); MPICH's (and MS-MPI's, which shares its ABI) are 32-bit integer
/// constants from its <c>mpi.h</c>. A 32-bit handle travels in the low half of a pointer-sized argument, which every
/// 64-bit C calling convention reads as the int the callee expects; request slots are 8 bytes and zeroed, so either
/// width of <c>MPI_Request</c> fits.
/// </summary>
internal sealed record MpiAbi(string Name, nint CommWorld, nint Float, nint Double, nint Int64, nint Sum, nint Max, nint ErrorsReturn, nint InPlace)
{
    /// <summary>MPI_THREAD_SERIALIZED, the same value in every implementation.</summary>
    internal const int ThreadSerialized = 2;

    /// <summary>Room for any implementation's <c>MPI_Status</c> (Open MPI: 24 bytes, MPICH: 20).</summary>
    internal const int StatusBytes = 64;

    /// <summary>Room for any implementation's error string (MPI_MAX_ERROR_STRING: Open MPI 256, MPICH 1024).</summary>
    internal const int MaxErrorString = 1024;

    /// <summary>Open MPI when <paramref name="library"/> exports its predefined objects, else the MPICH ABI.</summary>
    internal static MpiAbi For(nint library) =>
        NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out var world)
            ? new MpiAbi("Open MPI", world, Export(library, "ompi_mpi_float"), Export(library, "ompi_mpi_double"),
                         Export(library, "ompi_mpi_int64_t"), Export(library, "ompi_mpi_op_sum"), Export(library, "ompi_mpi_op_max"),
                         Export(library, "ompi_mpi_errors_return"), InPlace: 1)
            // MPICH's mpi.h: MPI_COMM_WORLD, MPI_FLOAT, MPI_DOUBLE, MPI_INT64_T, MPI_SUM, MPI_MAX, MPI_ERRORS_RETURN, MPI_IN_PLACE.
            : new MpiAbi("MPICH", 0x44000000, 0x4c00040a, 0x4c00080b, 0x4c00083a, 0x58000003, 0x58000001, 0x54000001, InPlace: -1);

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address) ? address
        : throw new MpiLibraryNotFoundException($"The MPI library looks like Open MPI (it exports ompi_mpi_comm_world) but lacks '{name}'; " +
                                                "install a complete Open MPI 4 or later (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev).");
}
