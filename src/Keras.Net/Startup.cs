using System.Runtime.CompilerServices;
using KerasNet.TorchSupport.Native;

namespace KerasNet;

/// <summary>What Keras.Net does once, when the process first touches it, before any tensor exists.</summary>
internal static class Startup
{
    // A module initializer runs whichever Keras.Net type is touched first, so both steps happen before the first
    // tensor: glibc's thresholds only help allocations made after they are set, and libLibTorchSharp must be loadable
    // before TorchSharp's own loader runs (which, on failure, copies 500 MB of libraries next to the application).
#pragma warning disable CA2255 // the initializer is the point: it must run before any Keras.Net code
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        GlibcAllocator.TuneForTensors();
        LibTorchSharpLoader.EnsureLoadable();
    }
}
