using System.Reflection;
using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

/// <summary>
/// The one place that finds and loads libKerasNetNative.so, and explains what is missing when it cannot.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "KerasNetNative";
    private const string FileName = "libKerasNetNative.so";

    private static int registered;

    /// <summary>Installs the resolver; called from the binding's module initializer.</summary>
    internal static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var tried = new List<string>();
        string? firstFailure = null;
        foreach (var candidate in Candidates())
        {
            tried.Add(candidate);
            if (!File.Exists(candidate)) continue;
            try
            {
                return NativeLibrary.Load(candidate);
            }
            catch (DllNotFoundException e)
            {
                firstFailure ??= e.Message;
            }
        }
        throw new NativeLibraryMissingException(Explain(tried, firstFailure));
    }

    private static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KERASNET_NATIVE_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment))
            yield return Directory.Exists(fromEnvironment) ? Path.Combine(fromEnvironment, FileName) : fromEnvironment;
        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        // A build tree: walk up from the app to the repository's artifacts/native.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var inRepo = Path.Combine(dir.FullName, "artifacts", "native", FileName);
            if (File.Exists(inRepo)) { yield return inRepo; break; }
        }
    }

    private static string Explain(List<string> tried, string? loaderMessage)
    {
        if (loaderMessage == null)
            return $"The Keras.Net native shim ({FileName}) was not found. Looked in: {string.Join(", ", tried)}. " +
                   "Build it with `./build.sh build` (or `cmake -S src/Keras.Net.Native -B artifacts/native-build && " +
                   "cmake --build artifacts/native-build`), or set KERASNET_NATIVE_PATH to the file or its folder.";
        var hint = loaderMessage.Contains("libtorch", StringComparison.Ordinal) || loaderMessage.Contains("libc10", StringComparison.Ordinal)
            ? " libtorch itself could not be loaded: install it (`apt-get install libtorch-dev` on Debian) or put its lib folder on LD_LIBRARY_PATH."
            : " Rebuild the shim with `./build.sh build` against the libtorch installed on this machine.";
        return $"The Keras.Net native shim was found but could not be loaded: {loaderMessage}.{hint}";
    }
}

/// <summary>The native shim or libtorch could not be found or loaded.</summary>
public sealed class NativeLibraryMissingException : DllNotFoundException
{
    /// <summary>Creates the exception with an explanation of what is missing and how to fix it.</summary>
    public NativeLibraryMissingException(string message) : base(message) { }
}
