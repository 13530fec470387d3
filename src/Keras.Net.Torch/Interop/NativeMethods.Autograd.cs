using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_requires_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_set_requires_grad(IntPtr t, int value);
    [LibraryImport(Lib)] internal static partial int kn_is_leaf(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_backward(IntPtr t, IntPtr gradient, int retainGraph, int createGraph);
    [LibraryImport(Lib)] internal static partial int kn_autograd_grad(IntPtr* outputs, int nOutputs, IntPtr* gradOutputs, IntPtr* inputs, int nInputs, int retainGraph, int createGraph, int allowUnused, IntPtr* results);
    [LibraryImport(Lib)] internal static partial IntPtr kn_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_set_grad(IntPtr t, IntPtr grad);
    [LibraryImport(Lib)] internal static partial int kn_zero_grad(IntPtr t, int setToNone);
    [LibraryImport(Lib)] internal static partial int kn_retain_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_detach(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_detach_(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_has_grad_fn(IntPtr t);
}
