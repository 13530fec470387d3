using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace KerasNet.TorchSupport.Native;

/// <summary>
/// Loads TorchSharp's native library before TorchSharp does, on Linux systems whose libstdc++ predates GCC 13, and
/// explains any other load failure. TorchSharp 0.107's <c>libLibTorchSharp.so</c> needs <c>GLIBCXX_3.4.32</c> for one
/// symbol that is never called; the build of a project that references Keras.Net.TorchSupport already writes a copy
/// with that need marked weak into its output (see <c>build/Keras.Net.TorchSupport.targets</c>). Where the output still
/// holds the original (a script, a build that skipped the targets), <see cref="EnsureLoadable"/> writes the same
/// patched copy into the user's cache folder and loads it; TorchSharp's own load then finds it by its soname.
/// </summary>
public static class LibTorchSharpLoader
{
    internal const string FileName = "libLibTorchSharp.so";
    internal const string WeakVersion = "GLIBCXX_3.4.32";
    internal static readonly string[] NeverCalledSymbols = ["_ZSt21ios_base_library_initv"];

    private static readonly object Gate = new();
    private static string? loadedFrom;

    /// <summary>Where libLibTorchSharp was loaded from by <see cref="EnsureLoadable"/>, or null before it ran (or off Linux).</summary>
    public static string? LoadedFrom => loadedFrom;

    /// <summary>
    /// Makes sure TorchSharp's native library can be loaded in this process; does nothing off Linux or when it already
    /// loads. Throws <see cref="TorchNativeLoadException"/>, saying what is missing and how to fix it, when it cannot.
    /// </summary>
    public static void EnsureLoadable()
    {
        if (!OperatingSystem.IsLinux() || loadedFrom is not null) return;
        lock (Gate)
        {
            if (loadedFrom is not null) return;
            loadedFrom = Load();
        }
    }

    private static string Load()
    {
        var searched = SearchDirectories();
        var original = searched.Select(d => Path.Combine(d, FileName)).FirstOrDefault(File.Exists)
            ?? throw new TorchNativeLoadException(
                $"TorchSharp's native library {FileName} was not found; looked in: {string.Join(", ", searched)}. It comes with the " +
                "TorchSharp package: make sure the application references TorchSharp (Keras.Net brings it) and is built for linux-x64.");
        var bytes = File.ReadAllBytes(original);
        // libtorch must sit in a folder the runtime searches (the backend package's): a libtorch elsewhere on the
        // system (Debian's python3-torch installs one) is another version and fails with an undefined symbol.
        var missing = ElfVersionNeeds.NeededLibraries(bytes)
            .Where(n => n.StartsWith("libtorch", StringComparison.Ordinal) || n.StartsWith("libc10", StringComparison.Ordinal))
            .Where(n => !searched.Any(d => File.Exists(Path.Combine(d, n))))
            .ToList();
        if (missing.Count > 0) throw new TorchNativeLoadException(MissingBackend(original, missing, searched));
        var firstError = TryLoad(original);
        if (firstError is null) return original;

        if (firstError.Contains(WeakVersion, StringComparison.Ordinal))
        {
            if (ElfVersionNeeds.NeedsStrictly(bytes, WeakVersion))
            {
                var patched = WritePatchedCopy(original, bytes);
                PreloadDependencies(bytes, Path.GetDirectoryName(original)!);
                var secondError = TryLoad(patched);
                if (secondError is null) return patched;
                throw new TorchNativeLoadException(
                    $"{FileName} needs {WeakVersion}, which this system's libstdc++ lacks; a copy with that need marked weak ({patched}) " +
                    $"did not load either: {secondError}");
            }
        }
        throw new TorchNativeLoadException(Explain(original, firstError));
    }

    // The folders the runtime searches for an application's native assets, then the application's folder.
    private static List<string> SearchDirectories()
    {
        var result = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string dirs)
            result.AddRange(dirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        result.Add(AppContext.BaseDirectory);
        var torchSharpFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharpFolder)) result.Add(torchSharpFolder);
        return result.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct().ToList();
    }

    private static string? TryLoad(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
        catch (BadImageFormatException e)
        {
            return e.Message;
        }
    }

    // $XDG_CACHE_HOME/keras-net/libtorchsharp/<hash of the original>/libLibTorchSharp.so, written once, atomically.
    private static string WritePatchedCopy(string original, byte[] bytes)
    {
        var hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var target = Path.Combine(cache, "keras-net", "libtorchsharp", hash, FileName);
        if (File.Exists(target)) return target;
        try
        {
            ElfVersionNeeds.MarkWeak(bytes, WeakVersion, NeverCalledSymbols);
            AtomicFile.Write(target, stream => stream.Write(bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            throw new TorchNativeLoadException(
                $"{original} needs {WeakVersion}, which this system's libstdc++ lacks, and a patched copy could not be written to {target}: " +
                $"{e.Message}. Build the application with Keras.Net.TorchSupport referenced (its build writes the copy into the output), " +
                "or install libstdc++ from GCC 13 or later.");
        }
        return target;
    }

    // The patched copy lives outside the package folder, so its DT_NEEDED libraries (libtorch.so, libc10.so...) are
    // not found through its $ORIGIN runpath: load them first from the original's folder, by full path.
    private static void PreloadDependencies(byte[] elf, string folder)
    {
        foreach (var needed in ElfVersionNeeds.NeededLibraries(elf))
        {
            var path = Path.Combine(folder, needed);
            if (File.Exists(path)) NativeLibrary.TryLoad(path, out _);
        }
    }

    private static string MissingBackend(string original, List<string> missing, List<string> searched) =>
        $"{original} (TorchSharp's native library) was found, but libtorch was not found: {string.Join(", ", missing)} is in none of " +
        $"{string.Join(", ", searched)}. The application references TorchSharp but no libtorch backend package. Add one to the " +
        "application's project: <PackageReference Include=\"libtorch-cpu-linux-x64\" Version=\"2.10.0\" /> (Linux, CPU), " +
        "<PackageReference Include=\"TorchSharp-cpu\" Version=\"0.107.0\" /> (any OS, CPU) or " +
        "<PackageReference Include=\"TorchSharp-cuda-linux\" Version=\"0.107.0\" /> (NVIDIA GPU). A libtorch installed on the " +
        "system (e.g. Debian's python3-torch) is another version and cannot be used.";

    private static string Explain(string original, string error)
    {
        if (error.Contains("GLIBC", StringComparison.Ordinal) || error.Contains("CXXABI", StringComparison.Ordinal))
            return $"{original} (TorchSharp's native library) could not be loaded: {error}. This system's C or C++ runtime is older " +
                   "than the one TorchSharp was built with; only the GLIBCXX_3.4.32 need can be worked around. Update the system's " +
                   "libc6/libstdc++6 packages, or run on a newer distribution (Debian 12 and Ubuntu 22.04 or later).";
        return $"{original} (TorchSharp's native library) could not be loaded: {error}.";
    }
}
