using System.Runtime.InteropServices;
using KerasNet.TorchSupport.Native;

namespace KerasNet.TorchSupport.Mpi;

/// <summary>The address of a CPU tensor's first element, from TorchSharp's native library (TorchSharp does not expose it).</summary>
internal static unsafe class TensorMemory
{
    private static delegate* unmanaged<nint, void*> data;

    internal static void* Address(Tensor tensor)
    {
        if (data is null)
        {
            LibTorchSharpLoader.EnsureLoadable();
            var library = LibTorchSharpLoader.LoadedFrom is { } path ? NativeLibrary.Load(path)
                : NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null);
            data = (delegate* unmanaged<nint, void*>)NativeLibrary.GetExport(library, "THSTensor_data");
        }
        return data(tensor.Handle);
    }
}
