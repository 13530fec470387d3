namespace KerasNet.TorchSupport.Native;

/// <summary>
/// TorchSharp's native library (libLibTorchSharp) or libtorch could not be loaded. The message names the library,
/// what the system loader reported missing, and how to fix it.
/// </summary>
public sealed class TorchNativeLoadException : DllNotFoundException
{
    /// <summary>Creates the exception with its explanation.</summary>
    public TorchNativeLoadException(string message) : base(message) { }
}
