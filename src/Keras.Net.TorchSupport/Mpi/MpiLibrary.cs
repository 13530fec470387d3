using System.Runtime.InteropServices;

namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// Finds and loads the MPI library: the file named by <see cref="PathVariable"/> when it is set, else
/// <c>libmpi.so.40</c> (Open MPI), <c>libmpi.so.12</c> (MPICH), <c>libmpi.so</c>, or <c>msmpi.dll</c> on Windows.
/// </summary>
public static unsafe class MpiLibrary
{
    /// <summary>The environment variable that names the MPI library to load (a file path or a library name).</summary>
    public const string PathVariable = "KERASNET_MPI_LIBRARY";

    private static readonly object Gate = new();
    private static MpiFunctions? loaded;

    /// <summary>The library names tried, in order, when <see cref="PathVariable"/> is not set.</summary>
    public static IReadOnlyList<string> CandidateNames { get; } =
        OperatingSystem.IsWindows() ? ["msmpi.dll"] : ["libmpi.so.40", "libmpi.so.12", "libmpi.so"];

    /// <summary>The implementation loaded ("Open MPI" or "MPICH"), or null before the first use.</summary>
    public static string? Implementation => loaded?.Abi.Name;

    /// <summary>Whether an MPI library can be loaded on this machine.</summary>
    public static bool IsAvailable()
    {
        try
        {
            Load();
            return true;
        }
        catch (MpiLibraryNotFoundException)
        {
            return false;
        }
    }

    internal static MpiFunctions Load()
    {
        if (loaded is not null) return loaded;
        lock (Gate)
        {
            return loaded ??= new MpiFunctions(Open());
        }
    }

    private static nint Open() => Open(Environment.GetEnvironmentVariable(PathVariable));

    /// <summary>Loads <paramref name="requested"/>, or the first of <see cref="CandidateNames"/> that loads when it is null or blank.</summary>
    internal static nint Open(string? requested)
    {
        var names = string.IsNullOrWhiteSpace(requested) ? CandidateNames : [requested.Trim()];
        var errors = new List<string>();
        foreach (var name in names)
        {
            // Open MPI's plugins resolve symbols of libmpi and its helpers: load them into the global namespace first.
            if (OperatingSystem.IsLinux()) dlopen(name, RtldNow | RtldGlobal);
            if (NativeLibrary.TryLoad(name, out var handle)) return handle;
            errors.Add(name);
        }
        var tried = string.Join(", ", errors);
        throw new MpiLibraryNotFoundException(string.IsNullOrWhiteSpace(requested)
            ? $"No MPI library was found (tried {tried}). Install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev; " +
              $"Fedora: dnf install openmpi) or MPICH, or set {PathVariable} to the path of libmpi.so."
            : $"{PathVariable} names '{requested}', which could not be loaded as a library. Set it to the path of an MPI library " +
              "(e.g. /usr/lib/x86_64-linux-gnu/libmpi.so.40) or unset it to search the usual names.");
    }

    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern nint dlopen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);
}
