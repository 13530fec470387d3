using System.Runtime.CompilerServices;

namespace KerasNet.Torch.Interop;

internal static class ModuleInit
{
    // Runs when the assembly loads, before any P/Invoke can happen: the resolver must be in place first,
    // whichever type of the binding a user touches first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => NativeLibraryLoader.Register();
}
