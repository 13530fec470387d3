using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/image_transform.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_image_resize_crop_normalize(byte* src, int h, int w, int c, int rh, int rw, int top, int left,
        int oh, int ow, float* scale, float* bias, float* dst);
    [LibraryImport(Lib)] internal static partial void* kn_image_tensor_data(IntPtr t);
}
